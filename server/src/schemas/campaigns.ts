import { Type, type Static } from 'typebox';
import { CurrencyCode, LocalizedText, PathId, ResourceId, Timestamp } from './common.js';

/** The path parameters of a campaign's routes, public and admin. */
export const CampaignParams = Type.Object({ campaignId: PathId });

const MinorUnits = Type.Integer({ minimum: 0, maximum: 1e13 });

export const Milestone = Type.Object({ amount: MinorUnits, label: LocalizedText });
export type Milestone = Static<typeof Milestone>;

/** An in-kind need, e.g. 500 blankets needed, 320 received. */
export const InKindItem = Type.Object({
  id: ResourceId,
  label: LocalizedText,
  unit: Type.Optional(LocalizedText),
  needed: Type.Integer({ minimum: 0 }),
  received: Type.Integer({ minimum: 0 }),
});
export type InKindItem = Static<typeof InKindItem>;

export const CampaignStatus = Type.Union([Type.Literal('upcoming'), Type.Literal('active'), Type.Literal('ended')]);
export type CampaignStatus = Static<typeof CampaignStatus>;

export const Campaign = Type.Object(
  {
    id: ResourceId,
    title: LocalizedText,
    association: Type.Object({ id: ResourceId, name: LocalizedText, city: Type.Optional(LocalizedText) }),
    currency: CurrencyCode,
    goal: MinorUnits,
    raised: MinorUnits,
    donors: Type.Integer({ minimum: 0 }),
    status: CampaignStatus,
    startsAt: Type.Optional(Timestamp),
    endsAt: Type.Optional(Timestamp),
    donateUrl: Type.Optional(Type.String({ format: 'uri' })),
    updatedAt: Timestamp,
    milestones: Type.Optional(Type.Array(Milestone)),
    items: Type.Optional(Type.Array(InKindItem)),
  },
  { $id: 'Campaign' },
);
export type Campaign = Static<typeof Campaign>;

export const HistoryInterval = Type.Union([Type.Literal('day'), Type.Literal('week')]);

export const CampaignHistory = Type.Object(
  {
    currency: CurrencyCode,
    /** `raised` is cumulative, in minor units. */
    points: Type.Array(Type.Object({ at: Timestamp, raised: MinorUnits })),
  },
  { $id: 'CampaignHistory' },
);
export type CampaignHistory = Static<typeof CampaignHistory>;

export const DonationInput = Type.Object(
  {
    amount: Type.Integer({ minimum: 1, maximum: 1e11 }),
    currency: Type.Optional(CurrencyCode),
    source: Type.Optional(
      Type.Union([Type.Literal('card'), Type.Literal('cash'), Type.Literal('transfer'), Type.Literal('pledge')]),
    ),
    donorName: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    anonymous: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type DonationInput = Static<typeof DonationInput>;

export const ReceiptInput = Type.Object(
  { quantity: Type.Integer({ minimum: 1, maximum: 1_000_000 }) },
  { additionalProperties: false },
);
export type ReceiptInput = Static<typeof ReceiptInput>;

export const CampaignCreateInput = Type.Object(
  {
    id: ResourceId,
    title: LocalizedText,
    association: Type.Object(
      { id: ResourceId, name: LocalizedText, city: Type.Optional(LocalizedText) },
      { additionalProperties: false },
    ),
    currency: Type.Optional(CurrencyCode),
    goal: Type.Integer({ minimum: 1, maximum: 1e13 }),
    startsAt: Type.Optional(Timestamp),
    endsAt: Type.Optional(Timestamp),
    donateUrl: Type.Optional(Type.String({ format: 'uri', pattern: '^https?://' })),
    milestones: Type.Optional(Type.Array(Milestone, { maxItems: 20 })),
    items: Type.Optional(
      Type.Array(
        Type.Object(
          {
            id: ResourceId,
            label: LocalizedText,
            unit: Type.Optional(LocalizedText),
            needed: Type.Integer({ minimum: 1, maximum: 1e9 }),
          },
          { additionalProperties: false },
        ),
        { maxItems: 50 },
      ),
    ),
  },
  { additionalProperties: false },
);
export type CampaignCreateInput = Static<typeof CampaignCreateInput>;

/**
 * `PATCH /admin/campaigns/{id}`: only the fields sent change; `null` removes an optional one. An item whose id is
 * known changes its label, unit or `needed`; a new id adds an item (`label` and `needed` required). A campaign ends
 * when `endsAt` is reached: set it to now to close one.
 */
export const CampaignPatchInput = Type.Object(
  {
    title: Type.Optional(LocalizedText),
    goal: Type.Optional(Type.Integer({ minimum: 1, maximum: 1e13 })),
    startsAt: Type.Optional(Type.Union([Timestamp, Type.Null()])),
    endsAt: Type.Optional(Type.Union([Timestamp, Type.Null()])),
    donateUrl: Type.Optional(Type.Union([Type.String({ format: 'uri', pattern: '^https?://' }), Type.Null()])),
    milestones: Type.Optional(Type.Union([Type.Array(Milestone, { maxItems: 20 }), Type.Null()])),
    items: Type.Optional(
      Type.Array(
        Type.Object(
          {
            id: ResourceId,
            label: Type.Optional(LocalizedText),
            unit: Type.Optional(Type.Union([LocalizedText, Type.Null()])),
            needed: Type.Optional(Type.Integer({ minimum: 1, maximum: 1e9 })),
          },
          { additionalProperties: false },
        ),
        { minItems: 1, maxItems: 50 },
      ),
    ),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type CampaignPatchInput = Static<typeof CampaignPatchInput>;
