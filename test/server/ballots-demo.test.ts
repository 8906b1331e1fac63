import assert from 'node:assert/strict';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { Ballot, BallotResults } from '../../server/src/schemas/ballots.js';
import { verifyLedger } from '../../server/src/services/ballots/ledger.js';
import { backends, REPOSITORY_ROOT, useApp } from './helper.js';

const LANGUAGES = ['ar', 'en', 'fr', 'zgh'];
const TIFINAGH = /[\u2D30-\u2D7F]/;

describe('demo ballots', () => {
  const server = useApp(backends[0]);

  test('solidarity-awards-2026 is open, with six categories of three finalists in four languages and bundled photos', async () => {
    const ballot = (await server.app.inject('/ballots/solidarity-awards-2026')).json<Ballot>();
    assert.equal(ballot.status, 'open');
    assert.ok((ballot.votesCast ?? 0) > 0);
    assert.deepEqual(
      ballot.categories.map((category) => category.id),
      [
        'best-citizen-initiative',
        'best-educational-initiative',
        'association-of-the-year',
        'volunteer-of-the-year',
        'initiative-of-the-year',
        'crisis-period-initiative',
      ],
    );
    assert.deepEqual(
      ballot.partners.map((partner) => partner.id),
      ['akhbar-demo', 'atlas-radio-demo'],
    );
    for (const category of ballot.categories) {
      assert.equal(category.finalists.length, 3);
      for (const finalist of category.finalists) {
        for (const text of [finalist.name, finalist.association, finalist.city, finalist.summary, finalist.photoAlt]) {
          assert.deepEqual(Object.keys(text as object).sort(), LANGUAGES, finalist.id);
          assert.match((text as Record<string, string>).zgh, TIFINAGH, finalist.id);
        }
        const photo = join(REPOSITORY_ROOT, 'demo', finalist.photoUrl ?? '');
        assert.ok(existsSync(photo), photo);
        assert.ok(statSync(photo).size < 1024, `${photo} stays tiny`);
      }
    }
  });

  test('one upcoming, one closed and one published ballot, whose results and ledger agree', async () => {
    const status = async (id: string) => (await server.app.inject(`/ballots/${id}`)).json<Ballot>().status;
    assert.equal(await status('youth-awards-upcoming'), 'upcoming');
    assert.equal(await status('neighbourhood-awards-closed'), 'closed');
    const published = `solidarity-awards-${new Date().getUTCFullYear() - 1}`;
    assert.equal(await status(published), 'published');
    const results = (await server.app.inject(`/ballots/${published}/results`)).json<BallotResults>();
    const verified = verifyLedger((await server.app.inject(`/ballots/${published}/ledger`)).body);
    assert.ok(verified.ok);
    assert.equal(verified.lines, results.votesCast);
    let offline = 0;
    for (const category of results.categories) {
      for (const total of category.totals) {
        offline += total.offline ?? 0;
        assert.equal(total.votes - (total.offline ?? 0), verified.totals[category.id]?.[total.finalistId] ?? 0);
      }
    }
    assert.ok(offline > 0, 'offline tallies shown apart');
    assert.equal((await server.app.inject('/ballots/neighbourhood-awards-closed/results')).statusCode, 403);
    const mails = await server.db.database.db.selectFrom('mail_outbox').select('id').execute();
    assert.equal(mails.length, 0, 'the seed sends no mail');
  });
});
