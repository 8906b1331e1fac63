import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, describe, test } from 'node:test';
import type { Problem } from '../../server/src/schemas/common.js';
import type { SignupResult } from '../../server/src/schemas/opportunities.js';
import { ALLOWED_ORIGIN, adminHeaders, backends, newOpportunity, signupBody, useApp } from './helper.js';

// PostgreSQL only: PGlite runs one transaction at a time, so it cannot show what concurrency does.
const postgres = backends.find((backend) => backend.name === 'postgres')!;

interface Answer {
  status: number;
  body: string;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

/** One POST over real HTTP; rejects when the connection is lost before an answer. */
function post(base: string, path: string, body: unknown, headers: Record<string, string>): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const payload = JSON.stringify(body);
    const request = http.request(
      `${base}${path}`,
      {
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(payload),
          origin: ALLOWED_ORIGIN,
          ...headers,
        },
      },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: text }));
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(payload);
  });
}

const RUNS = 10;
const REQUESTS = 1000;
const CAPACITY = 50;

describe('signups under concurrency on PostgreSQL', { skip: postgres.skip }, () => {
  const server = useApp(postgres, {}, { poolSize: 20 });
  let base: string;
  let cutEvery = 0;
  let sent = 0;
  before(async () => {
    const { app } = server;
    // Chaos: when enabled, every `cutEvery`-th signup answer is lost — after its transaction committed.
    app.addHook('onSend', async (request, _reply, payload) => {
      if (cutEvery > 0 && request.method === 'POST' && request.url.endsWith('/signups') && ++sent % cutEvery === 0) {
        request.raw.socket.destroy();
      }
      return payload;
    });
    base = await app.listen({ port: 0, host: '127.0.0.1' });
  });
  after(() => agent.destroy());

  const create = async (id: string, shifts: { id: string; capacity: number; waitlist?: boolean }[]) => {
    const response = await server.app.inject({
      method: 'POST',
      url: '/admin/opportunities',
      headers: adminHeaders,
      payload: newOpportunity(id, shifts),
    });
    assert.equal(response.statusCode, 201, response.body);
  };
  const storedPlaces = (opportunityId: string) =>
    server.db.database.db
      .selectFrom('signup_shifts')
      .select(['status', 'waitlist_number', 'signup_id'])
      .where('opportunity_id', '=', opportunityId)
      .execute();

  test(`${RUNS} runs of ${REQUESTS} concurrent signups for ${CAPACITY} places: never overbooked`, async () => {
    for (let run = 0; run < RUNS; run++) {
      const id = `load-${run}`;
      await create(id, [{ id: 'morning', capacity: CAPACITY }]);
      const answers = await Promise.all(
        Array.from({ length: REQUESTS }, (_, n) =>
          post(base, `/opportunities/${id}/signups`, signupBody(n), { 'idempotency-key': `${id}-${n}` }),
        ),
      );
      const created = answers.filter((answer) => answer.status === 201);
      const full = answers.filter(
        (answer) => answer.status === 409 && (JSON.parse(answer.body) as Problem).code === 'shift_full',
      );
      assert.equal(answers.length, REQUESTS, 'every request answered');
      assert.equal(created.length, CAPACITY, `run ${run}: ${JSON.stringify(answers.filter((a) => a.status >= 500))}`);
      assert.equal(full.length, REQUESTS - CAPACITY);
      for (const answer of full) assert.deepEqual((JSON.parse(answer.body) as Problem).shiftIds, ['morning']);
      assert.equal(answers.filter((answer) => answer.status >= 500).length, 0);
      const places = await storedPlaces(id);
      assert.equal(places.length, CAPACITY);
      const shift = await server.db.database.db
        .selectFrom('shifts')
        .select('confirmed')
        .where('opportunity_id', '=', id)
        .executeTakeFirstOrThrow();
      assert.equal(shift.confirmed, CAPACITY);
    }
  });

  test(`waitlist, ${RUNS} runs: ${CAPACITY} confirmed, the rest waitlisted in arrival order without gaps`, async () => {
    for (let run = 0; run < RUNS; run++) {
      const id = `load-wait-${run}`;
      await create(id, [{ id: 'morning', capacity: CAPACITY, waitlist: true }]);
      const answers = await Promise.all(
        Array.from({ length: REQUESTS }, (_, n) =>
          post(base, `/opportunities/${id}/signups`, signupBody(n), { 'idempotency-key': `${id}-${n}` }),
        ),
      );
      assert.deepEqual([...new Set(answers.map((answer) => answer.status))], [201]);
      const results = answers.map((answer) => JSON.parse(answer.body) as SignupResult);
      assert.equal(results.filter((result) => result.status === 'confirmed').length, CAPACITY);
      const waitlisted = results.filter((result) => result.status === 'waitlisted');
      assert.equal(waitlisted.length, REQUESTS - CAPACITY);
      const positions = waitlisted.map((result) => result.shifts[0].position!).sort((a, b) => a - b);
      assert.deepEqual(
        positions,
        Array.from({ length: REQUESTS - CAPACITY }, (_, n) => n + 1),
      );
      // The position told to each person is the waitlist number stored, taken under the shift's row
      // lock: the order in which the signups committed.
      const numbers = new Map(
        (await storedPlaces(id)).map((place) => [
          place.signup_id,
          place.waitlist_number === null ? null : Number(place.waitlist_number),
        ]),
      );
      for (const result of waitlisted) assert.equal(numbers.get(result.id), result.shifts[0].position);
    }
  });

  test('the same key sent 10 times at once: one signup; the others replay it or are told it is in progress', async () => {
    await create('load-same-key', [{ id: 'morning', capacity: 5 }]);
    const headers = { 'idempotency-key': 'one-key' };
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => post(base, '/opportunities/load-same-key/signups', signupBody(1), headers)),
    );
    const created = answers.filter((answer) => answer.status === 201);
    assert.ok(created.length >= 1);
    assert.equal(new Set(created.map((answer) => answer.body)).size, 1, 'every 201 is the same answer');
    for (const answer of answers.filter((a) => a.status !== 201)) {
      assert.equal(answer.status, 409, answer.body);
      assert.equal((JSON.parse(answer.body) as Problem).code, 'request_in_progress');
    }
    assert.equal((await storedPlaces('load-same-key')).length, 1);
    const replay = await post(base, '/opportunities/load-same-key/signups', signupBody(1), headers);
    assert.equal(replay.body, created[0].body);
    const reused = await post(base, '/opportunities/load-same-key/signups', signupBody(2), headers);
    assert.equal(reused.status, 422);
    assert.equal((JSON.parse(reused.body) as Problem).code, 'idempotency_key_reused');
    const keyless = await post(base, '/opportunities/load-same-key/signups', signupBody(3), {});
    assert.equal(keyless.status, 400);
    assert.equal((await storedPlaces('load-same-key')).length, 1);
  });

  test(`chaos: a third of the answers lost after commit; clients retry with their key; ${REQUESTS} signups, no more`, async () => {
    await create('load-chaos', [{ id: 'morning', capacity: REQUESTS }]);
    cutEvery = 3;
    let lost = 0;
    try {
      const outcomes = await Promise.all(
        Array.from({ length: REQUESTS }, async (_, n) => {
          for (let attempt = 0; attempt < 50; attempt++) {
            try {
              const answer = await post(base, '/opportunities/load-chaos/signups', signupBody(n), {
                'idempotency-key': `chaos-${n}`,
              });
              if (answer.status === 409 && answer.body.includes('request_in_progress')) continue;
              return answer;
            } catch {
              lost++;
            }
          }
          throw new Error(`client ${n} never got an answer`);
        }),
      );
      assert.ok(lost >= REQUESTS / 4, `answers lost: ${lost}`);
      assert.deepEqual([...new Set(outcomes.map((answer) => answer.status))], [201]);
      const ids = new Set(outcomes.map((answer) => (JSON.parse(answer.body) as SignupResult).id));
      assert.equal(ids.size, REQUESTS);
    } finally {
      cutEvery = 0;
    }
    const rows = await server.db.database.db
      .selectFrom('signups')
      .select((eb) => eb.fn.countAll<string>().as('count'))
      .where('opportunity_id', '=', 'load-chaos')
      .executeTakeFirstOrThrow();
    assert.equal(Number(rows.count), REQUESTS);
    assert.equal((await storedPlaces('load-chaos')).length, REQUESTS);
  });
});
