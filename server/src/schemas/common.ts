import { Type, type Static } from 'typebox';

/** A resource id as it appears in URLs: lowercase words joined by dashes. */
export const ResourceId = Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,63}$' });

export const PATH_ID_PATTERN = '^[A-Za-z0-9_-]{1,64}$';
/** Any id a path may carry (API.md); every other path parameter is answered 404 before the route runs. */
export const PathId = Type.String({ pattern: PATH_ID_PATTERN });

/** Text that is either one string or one string per language (`ar`, `fr`, `en`, `zgh`, …). */
export const LocalizedText = Type.Union(
  [
    Type.String({ maxLength: 4000 }),
    Type.Record(Type.String({ pattern: '^[a-z]{2,3}$' }), Type.String({ maxLength: 4000 })),
  ],
  { $id: 'LocalizedText' },
);
export type LocalizedText = Static<typeof LocalizedText>;

export const CurrencyCode = Type.String({ pattern: '^[A-Z]{3}$' });
export const Timestamp = Type.String({ format: 'date-time' });

/** RFC 9457 problem details, with a stable machine `code` that widgets translate. */
export const Problem = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    code: Type.String(),
    detail: Type.Optional(Type.String()),
    errors: Type.Optional(Type.Array(Type.Object({ field: Type.String(), code: Type.String() }))),
    /** Extension of `shift_full`, `shift_closed` and `already_signed_up`: the shifts concerned. */
    shiftIds: Type.Optional(Type.Array(Type.String())),
  },
  { $id: 'Problem' },
);
export type Problem = Static<typeof Problem>;

/** What a visitor is told before consenting (Moroccan law 09-08, CNDP). */
export const PrivacyNotice = Type.Object({
  controller: Type.String(),
  contact: Type.String(),
  purpose: LocalizedText,
  retentionMonths: Type.Integer({ minimum: 1 }),
  noticeUrl: Type.Optional(Type.String({ format: 'uri' })),
  cndpReceipt: Type.Optional(Type.String()),
});
export type PrivacyNotice = Static<typeof PrivacyNotice>;

/** A proof-of-work challenge in ALTCHA format (as created by altcha-lib ≥ 2). */
export const Challenge = Type.Record(Type.String(), Type.Unknown(), { $id: 'Challenge' });
export type Challenge = Static<typeof Challenge>;
