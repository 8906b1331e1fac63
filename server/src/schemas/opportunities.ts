import { Type, type Static } from 'typebox';
import { Challenge, LocalizedText, PrivacyNotice, ResourceId, Timestamp } from './common.js';

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

export const OpportunityCreateInput = Type.Object(
  {
    id: ResourceId,
    title: LocalizedText,
    description: Type.Optional(LocalizedText),
    association: Type.Object({ id: ResourceId, name: LocalizedText }, { additionalProperties: false }),
    status: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('closed')])),
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
    allowedOrigins: Type.Array(Type.String({ pattern: '^https?://[^/]+$' }), { maxItems: 50 }),
  },
  { additionalProperties: false },
);
export type OpportunityCreateInput = Static<typeof OpportunityCreateInput>;

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
});
export type PurgeResult = Static<typeof PurgeResult>;
