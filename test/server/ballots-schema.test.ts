import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { backends, type TestDatabase } from './helper.js';

for (const backend of backends) {
  describe(`ballot tables on ${backend.name}`, { skip: backend.skip }, () => {
    let db: TestDatabase;
    before(async () => {
      db = await backend.open();
      const { db: kysely } = db.database;
      await kysely
        .insertInto('ballots')
        .values({
          id: 'schema-ballot',
          title: JSON.stringify('Prix'),
          description: null,
          organiser: JSON.stringify({ id: 'org', name: 'Org' }),
          organiser_origins: JSON.stringify([]),
          opens_at: new Date(Date.now() - 1000),
          closes_at: new Date(Date.now() + 86_400_000),
          privacy: JSON.stringify({ controller: 'Org', contact: 'a@b.c', purpose: 'Vote', retentionMonths: 1 }),
          notice_version: 'v',
          voter_secret: 'secret',
          ledger_head: '0'.repeat(64),
        })
        .execute();
      await kysely
        .insertInto('ballot_categories')
        .values({ ballot_id: 'schema-ballot', id: 'cat', position: 0, title: JSON.stringify('Cat'), description: null })
        .execute();
      await kysely
        .insertInto('ballot_finalists')
        .values(
          ['a', 'b'].map((id, position) => ({
            ballot_id: 'schema-ballot',
            category_id: 'cat',
            id,
            position,
            texts: JSON.stringify({ name: id }),
          })),
        )
        .execute();
    });
    after(() => db?.close());

    const vote = async (status: 'pending' | 'counted', finalist = 'a') => {
      const { db: kysely } = db.database;
      const { id } = await kysely
        .insertInto('ballot_votes')
        .values({
          ballot_id: 'schema-ballot',
          voter: 'voter-hmac',
          email: 'x@example.org',
          partner: null,
          locale: 'fr',
          consent_at: new Date(),
          notice_version: 'v',
          consent_origin: 'test',
          expires_at: new Date(Date.now() + 1000),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await kysely
        .insertInto('ballot_selections')
        .values({
          vote_id: id,
          ballot_id: 'schema-ballot',
          category_id: 'cat',
          finalist_id: finalist,
          voter: 'voter-hmac',
          partner: null,
          status,
          seq: null,
        })
        .execute();
    };

    test('the partial unique index allows many pending votes but one counted vote per voter and category', async () => {
      await vote('pending');
      await vote('pending', 'b');
      await vote('counted');
      await assert.rejects(vote('counted', 'b'), /ballot_selections_counted_once|unique/);
    });

    test('a selection must name a finalist of the ballot', async () => {
      await assert.rejects(vote('pending', 'nobody'), /foreign key|ballot_selections_finalist_fk/);
    });
  });
}
