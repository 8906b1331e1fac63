import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('opportunities')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('association_id', 'text', (c) => c.notNull().references('associations.id'))
    .addColumn('title', 'jsonb', (c) => c.notNull())
    .addColumn('description', 'jsonb')
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('open', 'closed')`))
    .addColumn('location', 'jsonb', (c) => c.notNull())
    .addColumn('questions', 'jsonb')
    .addColumn('spam_protection', 'text', (c) => c.notNull().check(sql`spam_protection in ('none', 'pow')`))
    .addColumn('privacy', 'jsonb', (c) => c.notNull())
    // sha256 of the privacy notice JSON: what each consent refers to.
    .addColumn('notice_version', 'text', (c) => c.notNull())
    .addColumn('allowed_origins', 'jsonb', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('shifts')
    .addColumn('opportunity_id', 'text', (c) => c.notNull().references('opportunities.id').onDelete('cascade'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('starts_at', 'timestamptz', (c) => c.notNull())
    .addColumn('ends_at', 'timestamptz', (c) => c.notNull())
    .addColumn('capacity', 'integer', (c) => c.notNull().check(sql`capacity > 0`))
    .addColumn('confirmed', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('waitlist', 'boolean', (c) => c.notNull())
    // Last waitlist number handed out; numbers are never reused, so they keep arrival order.
    .addColumn('waitlist_seq', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('place', 'jsonb')
    .addPrimaryKeyConstraint('shifts_pk', ['opportunity_id', 'id'])
    // The last line of defence: even a buggy write path cannot overbook.
    .addCheckConstraint('shifts_confirmed_within_capacity', sql`confirmed >= 0 and confirmed <= capacity`)
    .execute();

  await db.schema
    .createTable('signups')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('opportunity_id', 'text', (c) => c.notNull().references('opportunities.id').onDelete('cascade'))
    .addColumn('status', 'text', (c) => c.notNull())
    // Personal data: all nullable, emptied by the retention purge.
    .addColumn('name', 'text')
    .addColumn('email', 'text')
    .addColumn('phone', 'text')
    .addColumn('city', 'text')
    .addColumn('skills', 'jsonb')
    .addColumn('answers', 'jsonb')
    .addColumn('news_opt_in', 'boolean', (c) => c.notNull())
    .addColumn('consent_at', 'timestamptz', (c) => c.notNull())
    .addColumn('notice_version', 'text', (c) => c.notNull())
    .addColumn('consent_origin', 'text', (c) => c.notNull())
    .addColumn('locale', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('purged_at', 'timestamptz')
    .execute();

  await db.schema
    .createTable('signup_shifts')
    .addColumn('signup_id', 'uuid', (c) => c.notNull().references('signups.id').onDelete('cascade'))
    .addColumn('opportunity_id', 'text', (c) => c.notNull())
    .addColumn('shift_id', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('confirmed', 'waitlisted')`))
    .addColumn('waitlist_number', 'bigint')
    // Copies of the normalised identity, so that one person holds at most one place per shift.
    .addColumn('email', 'text')
    .addColumn('phone', 'text')
    .addPrimaryKeyConstraint('signup_shifts_pk', ['signup_id', 'shift_id'])
    .addForeignKeyConstraint('signup_shifts_shift_fk', ['opportunity_id', 'shift_id'], 'shifts', [
      'opportunity_id',
      'id',
    ])
    .addUniqueConstraint('signup_shifts_email_once', ['opportunity_id', 'shift_id', 'email'])
    .execute();
  await sql`create unique index signup_shifts_phone_once on signup_shifts (opportunity_id, shift_id, phone) where phone is not null`.execute(
    db,
  );
  await sql`create index signup_shifts_waitlist on signup_shifts (opportunity_id, shift_id, waitlist_number) where status = 'waitlisted'`.execute(
    db,
  );

  await db.schema
    .createTable('idempotency_keys')
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('request_hash', 'text', (c) => c.notNull())
    .addColumn('status_code', 'integer', (c) => c.notNull())
    .addColumn('response', 'jsonb', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('idempotency_keys_pk', ['scope', 'key'])
    .execute();

  await db.schema
    .createTable('used_challenges')
    .addColumn('signature', 'text', (c) => c.primaryKey())
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['used_challenges', 'idempotency_keys', 'signup_shifts', 'signups', 'shifts', 'opportunities']) {
    await db.schema.dropTable(table).execute();
  }
}
