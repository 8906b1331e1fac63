import assert from 'node:assert/strict';
import http from 'node:http';
import { before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { KyselyPlugin } from 'kysely';
import type { TadamonDatabase } from '../../server/src/db/database.js';
import { backends, DEMO_CAMPAIGN, openEventStream, testApp, useDatabase } from './helper.js';

const EVENTS = `/campaigns/${DEMO_CAMPAIGN}/events`;

/** The same database, whose answers wait while the gate is closed: handlers stay parked at their first await. */
function gatedDatabase(database: TadamonDatabase) {
  let open: (() => void) | undefined;
  let gate: Promise<void> | undefined;
  let waiting = 0;
  const plugin: KyselyPlugin = {
    transformQuery: ({ node }) => node,
    async transformResult({ result }) {
      if (gate) {
        waiting++;
        await gate;
        waiting--;
      }
      return result;
    },
  };
  return {
    database: { ...database, db: database.db.withPlugin(plugin) },
    close() {
      gate = new Promise((resolve) => (open = resolve));
    },
    open() {
      gate = undefined;
      open?.();
    },
    waiting: () => waiting,
  };
}

async function until(condition: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function health(base: string): Promise<{ status: string; database: string; streams: number }> {
  const response = await fetch(`${base}/health`);
  assert.equal(response.status, 200);
  return (await response.json()) as { status: string; database: string; streams: number };
}

describe('event stream limits on pglite', () => {
  // Not useApp: each part builds an app of its own limits (the first on a wrapped database, closed in its test).
  const suite = useDatabase(backends[0]);

  test('300 streams aborted while opening: streams back to 0, no subscription left', async () => {
    const gated = gatedDatabase(suite.db.database);
    const app = await testApp(gated.database, { streamLimits: { perAddress: 1000, total: 1000 } });
    try {
      const base = await app.listen({ port: 0, host: '127.0.0.1' });
      const { port } = new URL(base);
      gated.close();
      const requests = Array.from({ length: 300 }, () => {
        const request = http.request({ host: '127.0.0.1', port, path: EVENTS, agent: false });
        request.on('error', () => {});
        request.end();
        return request;
      });
      // Every handler has taken its slot and waits for the campaign: the streams are still opening.
      await until(() => app.eventStreams.count === 300 && gated.waiting() === 300, '300 streams opening');
      for (const request of requests) request.destroy();
      await until(() => app.eventStreams.count === 0, 'the aborted streams to be freed');
      gated.open();
      // /health queues behind the 300 loads: when it answers, their handlers have gone on.
      assert.deepEqual(await health(base), { status: 'ok', database: 'ok', streams: 0 });
      assert.equal(app.progressHub.listenerCount, 0, 'no stream subscribed after its client left');

      const stream = await openEventStream(`${base}${EVENTS}`);
      await stream.next((event) => event.event === 'progress');
      assert.equal((await health(base)).streams, 1);
      assert.equal(app.progressHub.listenerCount, 1);
      stream.close();
      await until(() => app.eventStreams.count === 0, 'the closed stream to be freed');
      assert.equal(app.progressHub.listenerCount, 0);
    } finally {
      gated.open();
      await app.close();
    }
  });

  describe('caps per client address and in total', () => {
    let app: FastifyInstance;
    let base: string;
    before(async () => {
      // Client addresses come from X-Forwarded-For so that one test machine can play several clients.
      app = await suite.app({ streamLimits: { perAddress: 2, total: 3 }, trustProxy: ['127.0.0.1'] });
      base = await app.listen({ port: 0, host: '127.0.0.1' });
    });

    const connect = async (client: string) => {
      const controller = new AbortController();
      const response = await fetch(`${base}${EVENTS}`, {
        headers: { 'x-forwarded-for': client, origin: 'https://news.example' },
        signal: controller.signal,
      });
      return { response, close: () => controller.abort() };
    };

    test('over a cap: 503 too_many_streams with Retry-After, readable cross-origin; a closed stream frees its slot', async () => {
      const a1 = await connect('203.0.113.1');
      const a2 = await connect('203.0.113.1');
      assert.equal(a1.response.status, 200);
      assert.equal(a2.response.status, 200);

      const a3 = await connect('203.0.113.1');
      assert.equal(a3.response.status, 503, 'per address');
      assert.match(String(a3.response.headers.get('content-type')), /^application\/problem\+json/);
      assert.equal(((await a3.response.json()) as { code: string }).code, 'too_many_streams');
      assert.equal(a3.response.headers.get('retry-after'), '30');
      assert.equal(a3.response.headers.get('access-control-allow-origin'), '*');
      assert.match(String(a3.response.headers.get('access-control-expose-headers')), /Retry-After/);

      const b1 = await connect('203.0.113.2');
      assert.equal(b1.response.status, 200, 'another address has its own slots');
      assert.equal((await health(base)).streams, 3);
      const c1 = await connect('203.0.113.3');
      assert.equal(c1.response.status, 503, 'in total');
      await c1.response.body?.cancel();

      a1.close();
      await until(() => app.eventStreams.count === 2, 'the closed stream to be freed');
      const c2 = await connect('203.0.113.3');
      assert.equal(c2.response.status, 200);
      for (const stream of [a2, b1, c2]) stream.close();
      await until(() => app.eventStreams.count === 0, 'every stream freed');
    });

    test('a stream refused by its route (unknown campaign) holds no slot', async () => {
      const response = await fetch(`${base}/campaigns/no-such-campaign/events`);
      assert.equal(response.status, 404);
      assert.equal(((await response.json()) as { code: string }).code, 'campaign_not_found');
      await until(() => app.eventStreams.count === 0, 'the slot to be freed');
    });
  });
});
