import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { solveChallenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2';
import { ProofOfWork, type PowSubject } from '../../server/src/services/pow.js';
import { backends, type TestDatabase } from './helper.js';

const pow = new ProofOfWork({ cost: 1, maxCounter: 20 });

async function solved(subject: PowSubject): Promise<string> {
  const challenge = await pow.create(subject);
  const solution = await solveChallenge({ challenge, deriveKey });
  assert.ok(solution);
  return Buffer.from(JSON.stringify({ challenge, solution })).toString('base64');
}

describe('proof of work bound to { kind, id }', () => {
  test('a challenge issued for one subject is refused for another kind or id', async () => {
    const altcha = await solved({ kind: 'opportunity', id: 'spring-cleanup' });
    assert.equal(await pow.verify(altcha, { kind: 'ballot', id: 'spring-cleanup' }), undefined);
    assert.equal(await pow.verify(altcha, { kind: 'opportunity', id: 'other-opportunity' }), undefined);
    assert.ok(await pow.verify(altcha, { kind: 'opportunity', id: 'spring-cleanup' }));
    const ballot = await solved({ kind: 'ballot', id: 'best-project-2026' });
    assert.equal(await pow.verify(ballot, { kind: 'opportunity', id: 'best-project-2026' }), undefined);
    assert.ok(await pow.verify(ballot, { kind: 'ballot', id: 'best-project-2026' }));
  });

  test('the challenge names its subject as before: `{ opportunity: id }` (the HTTP answer is unchanged)', async () => {
    const challenge = await pow.create({ kind: 'opportunity', id: 'spring-cleanup' });
    assert.deepEqual(challenge.parameters.data, { opportunity: 'spring-cleanup' });
  });

  for (const backend of backends) {
    describe(`redeem on ${backend.name}`, { skip: backend.skip }, () => {
      let db: TestDatabase;
      before(async () => {
        db = await backend.open();
      });
      after(() => db?.close());

      test('ok once, then replayed; invalid for another subject, and nothing recorded then', async () => {
        const subject: PowSubject = { kind: 'ballot', id: 'best-project-2026' };
        const altcha = await solved(subject);
        const used = () =>
          db.database.db
            .selectFrom('used_challenges')
            .select((eb) => eb.fn.countAll<string>().as('count'))
            .executeTakeFirstOrThrow()
            .then((row) => Number(row.count));
        const start = await used();
        assert.equal(await pow.redeem(db.database.db, altcha, { kind: 'opportunity', id: subject.id }), 'invalid');
        assert.equal(await used(), start);
        assert.equal(await pow.redeem(db.database.db, altcha, subject), 'ok');
        assert.equal(await pow.redeem(db.database.db, altcha, subject), 'replayed');
        assert.equal(await pow.redeem(db.database.db, undefined, subject), 'invalid');
        assert.equal(await used(), start + 1);
      });
    });
  }
});
