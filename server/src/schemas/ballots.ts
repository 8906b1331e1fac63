import { Type, type Static } from 'typebox';
import { LocalizedText, PrivacyNotice, ResourceId, Timestamp } from './common.js';

const Count = Type.Integer({ minimum: 0 });
const WebUrl = Type.String({ format: 'uri', pattern: '^https?://', maxLength: 2000 });
const Origin = Type.String({ pattern: '^https?://[^/]+$', maxLength: 300 });

export const Finalist = Type.Object({
  id: ResourceId,
  name: LocalizedText,
  association: Type.Optional(LocalizedText),
  city: Type.Optional(LocalizedText),
  photoUrl: Type.Optional(Type.String({ maxLength: 2000 })),
  photoAlt: Type.Optional(LocalizedText),
  summary: Type.Optional(LocalizedText),
  url: Type.Optional(WebUrl),
});
export type Finalist = Static<typeof Finalist>;

export const BallotCategory = Type.Object({
  id: ResourceId,
  title: LocalizedText,
  description: Type.Optional(LocalizedText),
  finalists: Type.Array(Finalist),
});
export type BallotCategory = Static<typeof BallotCategory>;

export const BallotStatus = Type.Union([
  Type.Literal('upcoming'),
  Type.Literal('open'),
  Type.Literal('closed'),
  Type.Literal('published'),
]);
export type BallotStatus = Static<typeof BallotStatus>;

const ballotFields = {
  id: ResourceId,
  title: LocalizedText,
  description: Type.Optional(LocalizedText),
  organiser: Type.Object({ id: ResourceId, name: LocalizedText, url: Type.Optional(WebUrl) }),
  /** Follows the server's clock (`opensAt`/`closesAt`); `published` once the organiser publishes the results. */
  status: BallotStatus,
  opensAt: Timestamp,
  closesAt: Timestamp,
  verification: Type.Literal('email'),
  spamProtection: Type.Literal('pow'),
  /** Confirmed votes so far, all categories (one per voter and category); no per-finalist numbers before publication. */
  votesCast: Type.Optional(Count),
  categories: Type.Array(BallotCategory),
  partners: Type.Array(Type.Object({ id: ResourceId, name: LocalizedText })),
  privacy: PrivacyNotice,
  updatedAt: Timestamp,
};

export const Ballot = Type.Object(ballotFields, { $id: 'Ballot' });
export type Ballot = Static<typeof Ballot>;

export const Selection = Type.Object(
  { categoryId: ResourceId, finalistId: ResourceId },
  { additionalProperties: false },
);
export type Selection = Static<typeof Selection>;

export const VoteInput = Type.Object(
  {
    /** One per category at most; any subset of the categories. */
    selections: Type.Array(Selection, { minItems: 1, maxItems: 50 }),
    email: Type.String({ minLength: 3, maxLength: 254 }),
    consent: Type.Literal(true),
    locale: Type.String({ pattern: '^[a-z]{2,3}(-[A-Za-z]{2})?$' }),
    /** The partner site hosting the ballot, when it is one. */
    partner: Type.Optional(ResourceId),
    /** The solved ALTCHA payload (base64). */
    altcha: Type.String({ minLength: 1, maxLength: 8192 }),
    /** Honeypot: people leave it empty. */
    website: Type.Optional(Type.String({ maxLength: 2000 })),
  },
  { additionalProperties: false },
);
export type VoteInput = Static<typeof VoteInput>;

export const VoteAccepted = Type.Object(
  { id: Type.String(), status: Type.Literal('pending_confirmation'), expiresAt: Timestamp },
  { $id: 'VoteAccepted' },
);
export type VoteAccepted = Static<typeof VoteAccepted>;

export const ConfirmationInput = Type.Object(
  { token: Type.String({ minLength: 1, maxLength: 200 }) },
  { additionalProperties: false },
);
export type ConfirmationInput = Static<typeof ConfirmationInput>;

export const ConfirmationResult = Type.Object(
  {
    status: Type.Literal('counted'),
    selections: Type.Array(
      Type.Object({
        categoryId: ResourceId,
        finalistId: ResourceId,
        status: Type.Union([Type.Literal('counted'), Type.Literal('already_counted')]),
        /** The first 12 hex digits of the ledger line's hash, for counted selections. */
        receipt: Type.Optional(Type.String({ pattern: '^[0-9a-f]{12}$' })),
      }),
    ),
  },
  { $id: 'ConfirmationResult' },
);
export type ConfirmationResult = Static<typeof ConfirmationResult>;

/** `votes` includes `offline` (paper ballots of offline tallies), which is also given apart. */
const FinalistTotal = Type.Object({ finalistId: ResourceId, votes: Count, offline: Type.Optional(Count) });

export const BallotResults = Type.Object(
  {
    publishedAt: Timestamp,
    votesCast: Count,
    categories: Type.Array(Type.Object({ id: ResourceId, totals: Type.Array(FinalistTotal) })),
  },
  { $id: 'BallotResults' },
);
export type BallotResults = Static<typeof BallotResults>;

/** One line of the anonymised audit ledger (`GET /ballots/{id}/ledger`, JSON lines). */
export const LedgerLine = Type.Object(
  {
    seq: Type.Integer({ minimum: 1 }),
    at: Timestamp,
    categoryId: ResourceId,
    finalistId: ResourceId,
    partner: Type.Union([ResourceId, Type.Null()]),
    /** HMAC of the normalised email under the ballot's secret; never the email. */
    voter: Type.String(),
    prev: Type.String(),
    /** sha256(prev + canonical JSON of the other fields), hex. */
    hash: Type.String({ pattern: '^[0-9a-f]{64}$' }),
  },
  { $id: 'LedgerLine' },
);
export type LedgerLine = Static<typeof LedgerLine>;

/** Data of the `ballot` event of `GET /ballots/{id}/events`. */
export const BallotEvent = Type.Object({ status: BallotStatus, votesCast: Count }, { $id: 'BallotEvent' });
export type BallotEvent = Static<typeof BallotEvent>;

// ——— Admin ———

const FinalistInput = Type.Object(
  {
    id: ResourceId,
    name: LocalizedText,
    association: Type.Optional(LocalizedText),
    city: Type.Optional(LocalizedText),
    photoUrl: Type.Optional(Type.String({ maxLength: 2000 })),
    photoAlt: Type.Optional(LocalizedText),
    summary: Type.Optional(LocalizedText),
    url: Type.Optional(WebUrl),
  },
  { additionalProperties: false },
);

export const PartnerInput = Type.Object(
  { id: ResourceId, name: LocalizedText, origins: Type.Array(Origin, { minItems: 1, maxItems: 20 }) },
  { additionalProperties: false },
);
export type PartnerInput = Static<typeof PartnerInput>;

export const BallotCreateInput = Type.Object(
  {
    id: ResourceId,
    title: LocalizedText,
    description: Type.Optional(LocalizedText),
    organiser: Type.Object(
      { id: ResourceId, name: LocalizedText, url: Type.Optional(WebUrl) },
      { additionalProperties: false },
    ),
    opensAt: Timestamp,
    closesAt: Timestamp,
    categories: Type.Array(
      Type.Object(
        {
          id: ResourceId,
          title: LocalizedText,
          description: Type.Optional(LocalizedText),
          finalists: Type.Array(FinalistInput, { minItems: 1, maxItems: 50 }),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 50 },
    ),
    partners: Type.Optional(Type.Array(PartnerInput, { maxItems: 100 })),
    /** Origins of the organiser's own pages, allowed to send votes without naming a partner. */
    organiserOrigins: Type.Array(Origin, { maxItems: 20 }),
    privacy: PrivacyNotice,
  },
  { additionalProperties: false },
);
export type BallotCreateInput = Static<typeof BallotCreateInput>;

export const BallotPatchInput = Type.Object(
  {
    title: Type.Optional(LocalizedText),
    description: Type.Optional(LocalizedText),
    opensAt: Type.Optional(Timestamp),
    closesAt: Type.Optional(Timestamp),
    /** Replaces the partners (and their origins). */
    partners: Type.Optional(Type.Array(PartnerInput, { maxItems: 100 })),
    organiserOrigins: Type.Optional(Type.Array(Origin, { maxItems: 20 })),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type BallotPatchInput = Static<typeof BallotPatchInput>;

export const AdminBallotResults = Type.Object(
  {
    status: BallotStatus,
    votesCast: Count,
    /** Votes waiting for their email confirmation. */
    pending: Count,
    categories: Type.Array(Type.Object({ id: ResourceId, totals: Type.Array(FinalistTotal) })),
    /** Confirmed votes each site brought (`partner: null` is the organiser's own pages). */
    partners: Type.Array(Type.Object({ partner: Type.Union([ResourceId, Type.Null()]), votes: Count })),
  },
  { $id: 'AdminBallotResults' },
);
export type AdminBallotResults = Static<typeof AdminBallotResults>;

/** The ballot as admin routes show it: with the origins allowed to send votes. */
export const AdminBallot = Type.Object(
  {
    ...ballotFields,
    partners: Type.Array(Type.Object({ id: ResourceId, name: LocalizedText, origins: Type.Array(Type.String()) })),
    organiserOrigins: Type.Array(Type.String()),
    publishedAt: Type.Optional(Timestamp),
  },
  { $id: 'AdminBallot' },
);
export type AdminBallot = Static<typeof AdminBallot>;

export const OfflineTallyInput = Type.Object(
  {
    /** Where the paper ballots come from (an event, a city). */
    source: Type.String({ minLength: 1, maxLength: 200 }),
    totals: Type.Array(
      Type.Object(
        { categoryId: ResourceId, finalistId: ResourceId, votes: Type.Integer({ minimum: 0, maximum: 10_000_000 }) },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 2500 },
    ),
  },
  { additionalProperties: false },
);
export type OfflineTallyInput = Static<typeof OfflineTallyInput>;
