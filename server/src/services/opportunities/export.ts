import { toCsv } from '../csv.js';
import { requireOpportunity, type Db } from './reading.js';

/** One line per signup and shift, for the organisers' spreadsheet. */
export async function signupsCsv(db: Db, opportunityId: string): Promise<string> {
  const loaded = await requireOpportunity(db, opportunityId);
  const questions = loaded.opportunity.questions ?? [];
  const rows = await db
    .selectFrom('signup_shifts')
    .innerJoin('signups', 'signups.id', 'signup_shifts.signup_id')
    .innerJoin('shifts', (join) =>
      join
        .onRef('shifts.opportunity_id', '=', 'signup_shifts.opportunity_id')
        .onRef('shifts.id', '=', 'signup_shifts.shift_id'),
    )
    .select([
      'signups.id',
      'signups.created_at',
      'signups.status as signup_status',
      'signup_shifts.shift_id',
      'shifts.starts_at',
      'signup_shifts.status as shift_status',
      'signup_shifts.waitlist_number',
      'signups.name',
      'signups.email',
      'signups.phone',
      'signups.city',
      'signups.skills',
      'signups.answers',
      'signups.news_opt_in',
      'signups.consent_at',
      'signups.notice_version',
      'signups.consent_origin',
      'signups.locale',
      'signups.purged_at',
    ])
    .where('signup_shifts.opportunity_id', '=', opportunityId)
    .orderBy('shifts.position')
    .orderBy('signup_shifts.status')
    .orderBy('signup_shifts.waitlist_number')
    .orderBy('signups.created_at')
    .execute();
  const header = [
    'signup_id',
    'signed_up_at',
    'signup_status',
    'shift_id',
    'shift_starts_at',
    'shift_status',
    'waitlist_number',
    'name',
    'email',
    'phone',
    'city',
    'skills',
    ...questions.map((question) => `answer:${question.id}`),
    'news_opt_in',
    'consent_at',
    'notice_version',
    'consent_origin',
    'locale',
    'purged_at',
  ];
  return toCsv([
    header,
    ...rows.map((row) => [
      row.id,
      row.created_at.toISOString(),
      row.signup_status,
      row.shift_id,
      row.starts_at.toISOString(),
      row.shift_status,
      row.waitlist_number === null ? null : Number(row.waitlist_number),
      row.name,
      row.email,
      row.phone,
      row.city,
      row.skills?.join('; '),
      ...questions.map((question) => {
        const answer = row.answers?.[question.id];
        return Array.isArray(answer) ? answer.join('; ') : answer;
      }),
      row.news_opt_in,
      row.consent_at.toISOString(),
      row.notice_version,
      row.consent_origin,
      row.locale,
      row.purged_at?.toISOString(),
    ]),
  ]);
}
