import { sql } from 'kysely';
import { deleteExpired } from '../idempotency.js';
import type { Db } from './reading.js';

/**
 * Erases the personal data (name, email, phone, city, skills, answers) of signups whose last shift
 * ended more than `months` ago (default: each opportunity's `privacy.retentionMonths`). The rows, their
 * statuses and the shift counts stay, so the numbers remain true; expired idempotency keys and used
 * challenges go too.
 */
export async function purgePersonalData(db: Db, months?: number) {
  const anonymised = await db.transaction().execute(async (trx) => {
    const retention =
      months === undefined ? sql`(opportunities.privacy->>'retentionMonths')::int` : sql`${months}::int`;
    const { rows } = await sql<{ id: string }>`
      update signups set name = null, email = null, phone = null, city = null, skills = null, answers = null,
        purged_at = now()
      from opportunities
      where opportunities.id = signups.opportunity_id
        and signups.purged_at is null
        and (select max(shifts.ends_at) from signup_shifts
             join shifts on shifts.opportunity_id = signup_shifts.opportunity_id and shifts.id = signup_shifts.shift_id
             where signup_shifts.signup_id = signups.id) < now() - make_interval(months => ${retention})
      returning signups.id
    `.execute(trx);
    // The identity copies that enforce "one place per person" go as well.
    await trx
      .updateTable('signup_shifts')
      .set({ email: null, phone: null })
      .where('email', 'is not', null)
      .where('signup_id', 'in', (eb) => eb.selectFrom('signups').select('id').where('purged_at', 'is not', null))
      .execute();
    return rows.length;
  });
  const expired = await deleteExpired(db);
  return {
    anonymisedSignups: anonymised,
    expiredIdempotencyKeys: expired.keys,
    expiredChallenges: expired.challenges,
  };
}
