import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import type { BallotEvent } from '../../server/src/schemas/ballots.js';
import {
  confirm,
  createBallot,
  newBallot,
  ORGANISER_ORIGIN,
  postVote,
  solved,
  tokenMailedTo,
  voteBody,
} from './ballot-helper.js';
import { backends, openEventStream, useApp } from './helper.js';

for (const backend of backends) {
  describe(`ballot events on ${backend.name}`, { skip: backend.skip }, () => {
    const server = useApp(backend);
    let base: string;
    before(async () => {
      base = await server.app.listen({ port: 0, host: '127.0.0.1' });
    });

    test('confirmed votes reach the stream through NOTIFY, coalesced to at most one event a second', async () => {
      const { app, db } = server;
      await createBallot(app, newBallot('live'));
      const emails = Array.from({ length: 4 }, (_, n) => `live${n}@example.ma`);
      for (const email of emails) {
        assert.equal((await postVote(app, 'live', voteBody(email, await solved(app, 'live')))).statusCode, 202);
      }
      const tokens = await Promise.all(emails.map((email) => tokenMailedTo(db.database, email)));
      const stream = await openEventStream(`${base}/ballots/live/events`);
      try {
        const first = JSON.parse((await stream.next((event) => event.event === 'ballot')).data) as BallotEvent;
        assert.deepEqual(first, { status: 'open', votesCast: 0 });
        const arrivals: { at: number; votesCast: number }[] = [];
        const collect = (async () => {
          for (;;) {
            const event = await stream.next((candidate) => candidate.event === 'ballot', 8000);
            const data = JSON.parse(event.data) as BallotEvent;
            arrivals.push({ at: Date.now(), votesCast: data.votesCast });
            if (data.votesCast === 8) return;
          }
        })();
        for (const token of tokens) assert.equal((await confirm(app, 'live', token)).statusCode, 200);
        await collect;
        assert.equal(arrivals.at(-1)?.votesCast, 8);
        for (let index = 1; index < arrivals.length; index++) {
          assert.ok(arrivals[index].at - arrivals[index - 1].at >= 900, JSON.stringify(arrivals));
        }
        assert.ok(arrivals.length < tokens.length, `coalesced: ${JSON.stringify(arrivals)}`);
      } finally {
        stream.close();
      }
    });

    test('the stream sends the status change when the ballot closes by the clock', async () => {
      const { app } = server;
      const now = Date.now();
      await createBallot(
        app,
        newBallot('closing', {
          opensAt: new Date(now - 60_000).toISOString(),
          closesAt: new Date(now + 1500).toISOString(),
        }),
      );
      const stream = await openEventStream(`${base}/ballots/closing/events`);
      try {
        const closed = await stream.next((event) => event.event === 'ballot' && event.data.includes('"closed"'), 6000);
        assert.deepEqual(JSON.parse(closed.data), { status: 'closed', votesCast: 0 });
      } finally {
        stream.close();
      }
    });
  });
}

describe('vote rate limit', () => {
  const server = useApp(backends[0], { voteRateLimit: { max: 2, timeWindowMs: 60_000 } });

  test('past the limit per address: 429 with Retry-After, readable by the widget', async () => {
    const { app } = server;
    await createBallot(app, newBallot('limited'));
    const statuses: number[] = [];
    for (let n = 0; n < 3; n++) {
      const answer = await postVote(app, 'limited', voteBody(`limited${n}@example.ma`, await solved(app, 'limited')));
      statuses.push(answer.statusCode);
      if (answer.statusCode === 429) {
        assert.ok(Number(answer.headers['retry-after']) > 0);
        assert.equal(answer.headers['access-control-allow-origin'], ORGANISER_ORIGIN);
        assert.equal(answer.json<{ code: string }>().code, 'rate_limited');
      }
    }
    assert.deepEqual(statuses, [202, 202, 429]);
  });
});
