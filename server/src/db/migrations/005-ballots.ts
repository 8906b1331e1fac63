import { sql, type Kysely } from 'kysely';

/**
 * Award ballots: categories, finalists, partners with their origins; pending votes (the email kept only until the vote
 * is confirmed or expires), their confirmation tokens (sha256 of 32 random bytes), their selections (a partial unique
 * index makes one counted vote per voter and category), the append-only audit ledger, offline tallies, and the mail
 * outbox that a worker sends from.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('ballots')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('title', 'jsonb', (c) => c.notNull())
    .addColumn('description', 'jsonb')
    .addColumn('organiser', 'jsonb', (c) => c.notNull())
    .addColumn('organiser_origins', 'jsonb', (c) => c.notNull())
    .addColumn('opens_at', 'timestamptz', (c) => c.notNull())
    .addColumn('closes_at', 'timestamptz', (c) => c.notNull())
    .addColumn('privacy', 'jsonb', (c) => c.notNull())
    .addColumn('notice_version', 'text', (c) => c.notNull())
    // HMAC key of the voters' normalised emails: never leaves the server.
    .addColumn('voter_secret', 'text', (c) => c.notNull())
    .addColumn('published_at', 'timestamptz')
    // Kept by the single writer of the ledger (the confirmation holding this row's lock).
    .addColumn('votes_cast', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('ledger_seq', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('ledger_head', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('ballots_window', sql`closes_at > opens_at`)
    .execute();

  await db.schema
    .createTable('ballot_categories')
    .addColumn('ballot_id', 'text', (c) => c.notNull().references('ballots.id').onDelete('cascade'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('title', 'jsonb', (c) => c.notNull())
    .addColumn('description', 'jsonb')
    .addPrimaryKeyConstraint('ballot_categories_pk', ['ballot_id', 'id'])
    .execute();

  await db.schema
    .createTable('ballot_finalists')
    .addColumn('ballot_id', 'text', (c) => c.notNull())
    .addColumn('category_id', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    // name, association, city, photoUrl, photoAlt, summary, url
    .addColumn('texts', 'jsonb', (c) => c.notNull())
    .addPrimaryKeyConstraint('ballot_finalists_pk', ['ballot_id', 'category_id', 'id'])
    .addForeignKeyConstraint(
      'ballot_finalists_category_fk',
      ['ballot_id', 'category_id'],
      'ballot_categories',
      ['ballot_id', 'id'],
      (c) => c.onDelete('cascade'),
    )
    .execute();

  await db.schema
    .createTable('ballot_partners')
    .addColumn('ballot_id', 'text', (c) => c.notNull().references('ballots.id').onDelete('cascade'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('name', 'jsonb', (c) => c.notNull())
    .addColumn('origins', 'jsonb', (c) => c.notNull())
    .addPrimaryKeyConstraint('ballot_partners_pk', ['ballot_id', 'id'])
    .execute();

  await db.schema
    .createTable('ballot_votes')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('ballot_id', 'text', (c) => c.notNull().references('ballots.id').onDelete('cascade'))
    // HMAC of the normalised email under the ballot's secret.
    .addColumn('voter', 'text', (c) => c.notNull())
    // Personal data: erased once the vote is confirmed or its token expired.
    .addColumn('email', 'text')
    .addColumn('partner', 'text')
    .addColumn('locale', 'text', (c) => c.notNull())
    .addColumn('consent_at', 'timestamptz', (c) => c.notNull())
    .addColumn('notice_version', 'text', (c) => c.notNull())
    .addColumn('consent_origin', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('confirmed_at', 'timestamptz')
    // The first confirmation's answer, given again to a second one.
    .addColumn('result', 'jsonb')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`create index ballot_votes_unconfirmed on ballot_votes (expires_at) where email is not null`.execute(db);

  await db.schema
    .createTable('ballot_tokens')
    // sha256 (hex) of the 32 random bytes mailed; the token itself is never stored.
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('vote_id', 'uuid', (c) => c.notNull().references('ballot_votes.id').onDelete('cascade'))
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('used_at', 'timestamptz')
    .execute();

  await db.schema
    .createTable('ballot_selections')
    .addColumn('vote_id', 'uuid', (c) => c.notNull().references('ballot_votes.id').onDelete('cascade'))
    .addColumn('ballot_id', 'text', (c) => c.notNull())
    .addColumn('category_id', 'text', (c) => c.notNull())
    .addColumn('finalist_id', 'text', (c) => c.notNull())
    .addColumn('voter', 'text', (c) => c.notNull())
    .addColumn('partner', 'text')
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('pending', 'counted', 'already_counted')`))
    .addColumn('seq', 'integer')
    .addPrimaryKeyConstraint('ballot_selections_pk', ['vote_id', 'category_id'])
    .addForeignKeyConstraint(
      'ballot_selections_finalist_fk',
      ['ballot_id', 'category_id', 'finalist_id'],
      'ballot_finalists',
      ['ballot_id', 'category_id', 'id'],
    )
    .execute();
  // The rule itself: one counted vote per voter and category, whatever the code above it does.
  await sql`create unique index ballot_selections_counted_once on ballot_selections (ballot_id, category_id, voter) where status = 'counted'`.execute(
    db,
  );
  await sql`create index ballot_selections_totals on ballot_selections (ballot_id, category_id, finalist_id) where status = 'counted'`.execute(
    db,
  );

  await db.schema
    .createTable('ballot_ledger')
    .addColumn('ballot_id', 'text', (c) => c.notNull().references('ballots.id').onDelete('cascade'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .addColumn('category_id', 'text', (c) => c.notNull())
    .addColumn('finalist_id', 'text', (c) => c.notNull())
    .addColumn('partner', 'text')
    .addColumn('voter', 'text', (c) => c.notNull())
    .addColumn('prev', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('ballot_ledger_pk', ['ballot_id', 'seq'])
    .execute();

  await db.schema
    .createTable('ballot_offline_tallies')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('ballot_id', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('category_id', 'text', (c) => c.notNull())
    .addColumn('finalist_id', 'text', (c) => c.notNull())
    .addColumn('votes', 'integer', (c) => c.notNull().check(sql`votes >= 0`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addForeignKeyConstraint(
      'ballot_offline_tallies_finalist_fk',
      ['ballot_id', 'category_id', 'finalist_id'],
      'ballot_finalists',
      ['ballot_id', 'category_id', 'id'],
    )
    .execute();

  await db.schema
    .createTable('mail_outbox')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    // Personal data: emptied once sent through SMTP (kept in the dev mailbox, which is for the demo only).
    .addColumn('to_address', 'text')
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('body', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    // A worker's lease on the row while it sends it; an expired lease (the worker died) frees it again.
    .addColumn('locked_until', 'timestamptz')
    .addColumn('sent_at', 'timestamptz')
    .addColumn('failed_at', 'timestamptz')
    .addColumn('last_error', 'text')
    .execute();
  await sql`create index mail_outbox_due on mail_outbox (next_attempt_at) where sent_at is null and failed_at is null`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'mail_outbox',
    'ballot_offline_tallies',
    'ballot_ledger',
    'ballot_selections',
    'ballot_tokens',
    'ballot_votes',
    'ballot_partners',
    'ballot_finalists',
    'ballot_categories',
    'ballots',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
