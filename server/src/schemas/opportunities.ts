import { Type, type Static } from 'typebox';
import { Challenge, LocalizedText, PathId, PrivacyNotice, ResourceId, Timestamp } from './common.js';

/** The path parameters of an opportunity's routes, public and admin. */
export const OpportunityParams = Type.Object({ opportunityId: PathId });

// Shared with the ballot: defined in common.ts, still importable from here.
export { Challenge, PrivacyNotice };

export const Shift = Type.Object({
  id: ResourceId,
  startsAt: Timestamp,
  endsAt: Timestamp,
  capacity: Type.Integer({ minimum: 0 }),
  remaining: Type.Integer({ minimum: 0 }),
  /** Whether the shift takes a waitlist once full. */
  waitlist: Type.Boolean(),
  /** Where the shift happens when not at the opportunity's location (a field this server adds). */
  place: Type.Optional(LocalizedText),
  /** Present and true when the organiser closed the shift: it takes no signup (a field this server adds). */
  closed: Type.Optional(Type.Boolean()),
});
export type Shift = Static<typeof Shift>;

/** Answers: `text` → string, `select` → one option id, `multi` → an array of option ids, `checkbox` → boolean. */
export const QuestionType = Type.Union([
  Type.Literal('text'),
  Type.Literal('select'),
  Type.Literal('multi'),
  Type.Literal('checkbox'),
]);

export const Question = Type.Object({
  id: ResourceId,
  label: LocalizedText,
  type: QuestionType,
  required: Type.Boolean(),
  options: Type.Optional(Type.Array(Type.Object({ id: ResourceId, label: LocalizedText }))),
});
export type Question = Static<typeof Question>;

export const Opportunity = Type.Object(
  {
    id: ResourceId,
    title: LocalizedText,
    description: Type.Optional(LocalizedText),
    association: Type.Object({ id: ResourceId, name: LocalizedText }),
    status: Type.Union([Type.Literal('open'), Type.Literal('closed')]),
    location: Type.Object({
      city: LocalizedText,
      address: Type.Optional(LocalizedText),
      lat: Type.Optional(Type.Number({ minimum: -90, maximum: 90 })),
      lng: Type.Optional(Type.Number({ minimum: -180, maximum: 180 })),
    }),
    shifts: Type.Array(Shift),
    questions: Type.Optional(Type.Array(Question)),
    spamProtection: Type.Union([Type.Literal('none'), Type.Literal('pow')]),
    privacy: PrivacyNotice,
  },
  { $id: 'Opportunity' },
);
export type Opportunity = Static<typeof Opportunity>;

/** An answer to a question: text, one option id (`select`), option ids (`multi`) or a box (`checkbox`). */
export const SignupAnswer = Type.Union([
  Type.String({ maxLength: 2000 }),
  Type.Boolean(),
  Type.Array(ResourceId, { maxItems: 50, uniqueItems: true }),
]);
export type SignupAnswer = Static<typeof SignupAnswer>;

export const SignupInput = Type.Object(
  {
    shiftIds: Type.Array(ResourceId, { minItems: 1, maxItems: 20, uniqueItems: true }),
    name: Type.String({ minLength: 1, maxLength: 200 }),
    email: Type.String({ minLength: 3, maxLength: 254, format: 'email' }),
    /** Moroccan formats accepted (06…, 07…, 05…, +212…, 00212…, spaces or dashes); stored as E.164. */
    phone: Type.Optional(Type.String({ maxLength: 32 })),
    city: Type.Optional(Type.String({ maxLength: 100 })),
    skills: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { maxItems: 30 })),
    answers: Type.Optional(Type.Record(ResourceId, SignupAnswer, { maxProperties: 50 })),
    consent: Type.Literal(true),
    /** The separate, optional box for news from the association. */
    newsOptIn: Type.Optional(Type.Boolean()),
    locale: Type.String({ pattern: '^[a-z]{2,3}(-[A-Za-z]{2})?$' }),
    /** The solved ALTCHA payload (base64), when the opportunity asks for proof of work. */
    altcha: Type.Optional(Type.String({ maxLength: 8192 })),
    /** Honeypot: people leave it empty. */
    website: Type.Optional(Type.String({ maxLength: 2000 })),
  },
  { additionalProperties: false },
);
export type SignupInput = Static<typeof SignupInput>;

export const SignupStatus = Type.Union([Type.Literal('confirmed'), Type.Literal('waitlisted')]);

export const SignupResult = Type.Object(
  {
    id: Type.String(),
    status: SignupStatus,
    shifts: Type.Array(
      Type.Object({
        id: ResourceId,
        status: SignupStatus,
        /** Place on the shift's waitlist when the signup was made (1 = next in line); only when waitlisted. */
        position: Type.Optional(Type.Integer({ minimum: 1 })),
      }),
    ),
  },
  { $id: 'SignupResult' },
);
export type SignupResult = Static<typeof SignupResult>;

/** Origins whose pages may submit signups (the organiser's site and partners), as `scheme://host[:port]`. */
const AllowedOrigins = Type.Array(Type.String({ pattern: '^https?://[^/]+$' }), { maxItems: 50 });

export const OpportunityStatus = Type.Union([Type.Literal('open'), Type.Literal('closed')]);

export const OpportunityCreateInput = Type.Object(
  {
    id: ResourceId,
    title: LocalizedText,
    description: Type.Optional(LocalizedText),
    association: Type.Object({ id: ResourceId, name: LocalizedText }, { additionalProperties: false }),
    status: Type.Optional(OpportunityStatus),
    location: Type.Object(
      {
        city: LocalizedText,
        address: Type.Optional(LocalizedText),
        lat: Type.Optional(Type.Number({ minimum: -90, maximum: 90 })),
        lng: Type.Optional(Type.Number({ minimum: -180, maximum: 180 })),
      },
      { additionalProperties: false },
    ),
    shifts: Type.Array(
      Type.Object(
        {
          id: ResourceId,
          startsAt: Timestamp,
          endsAt: Timestamp,
          capacity: Type.Integer({ minimum: 1, maximum: 100_000 }),
          waitlist: Type.Optional(Type.Boolean()),
          place: Type.Optional(LocalizedText),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 100 },
    ),
    questions: Type.Optional(Type.Array(Question, { maxItems: 20 })),
    spamProtection: Type.Optional(Type.Union([Type.Literal('none'), Type.Literal('pow')])),
    privacy: PrivacyNotice,
    /** Origins whose pages may submit signups (the organiser's site and partners). */
    allowedOrigins: AllowedOrigins,
  },
  { additionalProperties: false },
);
export type OpportunityCreateInput = Static<typeof OpportunityCreateInput>;

/**
 * `PATCH /admin/opportunities/{id}`: only the fields sent change. A shift whose id is known changes its capacity,
 * place or `closed`; a new id adds a shift (`startsAt`, `endsAt` and `capacity` required). `description: null`
 * removes the description.
 */
export const OpportunityPatchInput = Type.Object(
  {
    title: Type.Optional(LocalizedText),
    description: Type.Optional(Type.Union([LocalizedText, Type.Null()])),
    status: Type.Optional(OpportunityStatus),
    allowedOrigins: Type.Optional(AllowedOrigins),
    shifts: Type.Optional(
      Type.Array(
        Type.Object(
          {
            id: ResourceId,
            startsAt: Type.Optional(Timestamp),
            endsAt: Type.Optional(Timestamp),
            capacity: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })),
            waitlist: Type.Optional(Type.Boolean()),
            place: Type.Optional(LocalizedText),
            closed: Type.Optional(Type.Boolean()),
          },
          { additionalProperties: false },
        ),
        { minItems: 1, maxItems: 100 },
      ),
    ),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type OpportunityPatchInput = Static<typeof OpportunityPatchInput>;

/** What the admin routes answer: the public opportunity and the origins allowed to write to it. */
export const AdminOpportunity = Type.Object({ ...Opportunity.properties, allowedOrigins: AllowedOrigins });
export type AdminOpportunity = Static<typeof AdminOpportunity>;

/** Answer of `DELETE /admin/signups/{id}`: the places freed went to these waitlisted signups. */
export const SignupDeleteResult = Type.Object({
  id: Type.String(),
  promoted: Type.Array(Type.Object({ signupId: Type.String(), shiftId: ResourceId })),
});
export type SignupDeleteResult = Static<typeof SignupDeleteResult>;

export const PurgeInput = Type.Object(
  {
    /** Keep personal data this many months after a signup's last shift; default: each opportunity's `privacy.retentionMonths`. */
    months: Type.Optional(Type.Integer({ minimum: 0, maximum: 1200 })),
  },
  { additionalProperties: false },
);
export type PurgeInput = Static<typeof PurgeInput>;

export const PurgeResult = Type.Object({
  /** Signups whose personal data was erased (the rows and the shift counts stay). */
  anonymisedSignups: Type.Integer({ minimum: 0 }),
  expiredIdempotencyKeys: Type.Integer({ minimum: 0 }),
  expiredChallenges: Type.Integer({ minimum: 0 }),
  /** Unconfirmed ballot votes past their link's expiry whose email was erased. */
  erasedBallotEmails: Type.Integer({ minimum: 0 }),
  /** Mails sent or given up more than 7 days ago, deleted from the outbox. */
  deletedMails: Type.Integer({ minimum: 0 }),
});
export type PurgeResult = Static<typeof PurgeResult>;
