import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Campaign } from '../../server/src/schemas/campaigns.js';
import {
  ADMIN_TOKEN,
  adminHeaders,
  backends,
  DEMO_CAMPAIGN,
  openEventStream,
  startServerProcess,
  testApp,
  useApp,
} from './helper.js';

const isProgress = (raised: number) => (event: { event: string; data: string }) =>
  event.event === 'progress' && (JSON.parse(event.data) as Campaign).raised === raised;

async function donate(app: FastifyInstance, amount: number): Promise<Campaign> {
  const response = await app.inject({
    method: 'POST',
    url: `/admin/campaigns/${DEMO_CAMPAIGN}/donations`,
    headers: adminHeaders,
    payload: { amount },
  });
  assert.equal(response.statusCode, 201);
  return response.json<Campaign>();
}

for (const backend of backends) {
  describe(`live updates on ${backend.name}`, { skip: backend.skip }, () => {
    const server = useApp(backend, { heartbeatMs: 150 });
    let base: string;
    before(async () => {
      base = await server.app.listen({ port: 0, host: '127.0.0.1' });
    });

    test('a stream gets the campaign on connect, then a progress event with the new raised', async () => {
      const stream = await openEventStream(`${base}/campaigns/${DEMO_CAMPAIGN}/events`);
      try {
        const initial = JSON.parse((await stream.next((event) => event.event === 'progress')).data) as Campaign;
        const updated = await donate(server.app, 12_345);
        assert.equal(updated.raised, initial.raised + 12_345);
        const event = await stream.next(isProgress(updated.raised));
        assert.equal((JSON.parse(event.data) as Campaign).donors, initial.donors + 1);

        const receipt = await server.app.inject({
          method: 'POST',
          url: `/admin/campaigns/${DEMO_CAMPAIGN}/items/boots/receipts`,
          headers: adminHeaders,
          payload: { quantity: 4 },
        });
        assert.equal(receipt.statusCode, 201);
        await stream.next(
          (e) => (JSON.parse(e.data) as Campaign).items?.find((item) => item.id === 'boots')?.received === 100,
        );
      } finally {
        stream.close();
      }
    });

    test('the stream is event-stream, open to any origin, and sends heartbeat comments', async () => {
      const response = await fetch(`${base}/campaigns/${DEMO_CAMPAIGN}/events`, {
        headers: { origin: 'https://news.example' },
      });
      assert.match(String(response.headers.get('content-type')), /^text\/event-stream/);
      assert.equal(response.headers.get('access-control-allow-origin'), '*');
      await response.body?.cancel();
      const stream = await openEventStream(`${base}/campaigns/${DEMO_CAMPAIGN}/events`);
      await new Promise((resolve) => setTimeout(resolve, 500));
      stream.close();
      assert.ok(stream.comments.filter((comment) => comment === 'heartbeat').length >= 2, String(stream.comments));
    });

    test('closing the app ends open streams', async () => {
      const other = await testApp(server.db.database);
      const otherBase = await other.listen({ port: 0, host: '127.0.0.1' });
      const response = await fetch(`${otherBase}/campaigns/${DEMO_CAMPAIGN}/events`);
      const reader = response.body!.getReader();
      await reader.read();
      assert.equal(other.eventStreams.count, 1);
      await other.close();
      for (;;) if ((await reader.read()).done) break;
    });
  });
}

const postgres = backends.find((backend) => backend.name === 'postgres')!;

describe('cross-process delivery through LISTEN/NOTIFY on PostgreSQL', { skip: postgres.skip }, () => {
  const server = useApp(postgres);
  let base: string;
  before(async () => {
    base = await server.app.listen({ port: 0, host: '127.0.0.1' });
  });

  // A suite of its own: its `after` stops the other process before useApp's drops the database it is connected to.
  describe('with a second server process on the same database', () => {
    let child: ChildProcess | undefined;
    let childBase: string;
    before(async () => {
      ({ child, base: childBase } = await startServerProcess({
        DATABASE_URL: server.db.url!,
        TADAMON_ADMIN_TOKEN: ADMIN_TOKEN,
      }));
    });
    after(async () => {
      if (child && child.exitCode === null) {
        child.kill('SIGTERM');
        await once(child, 'exit');
      }
    });

    test('a donation recorded here reaches a stream on the other process', async () => {
      const stream = await openEventStream(`${childBase}/campaigns/${DEMO_CAMPAIGN}/events`);
      try {
        await stream.next((event) => event.event === 'progress');
        const updated = await donate(server.app, 777);
        await stream.next(isProgress(updated.raised));
      } finally {
        stream.close();
      }
    });

    test('and a donation recorded on the other process reaches a stream here', async () => {
      const stream = await openEventStream(`${base}/campaigns/${DEMO_CAMPAIGN}/events`);
      try {
        await stream.next((event) => event.event === 'progress');
        const response = await fetch(`${childBase}/admin/campaigns/${DEMO_CAMPAIGN}/donations`, {
          method: 'POST',
          headers: adminHeaders,
          body: JSON.stringify({ amount: 888 }),
        });
        assert.equal(response.status, 201);
        const updated = (await response.json()) as Campaign;
        await stream.next(isProgress(updated.raised));
      } finally {
        stream.close();
      }
    });

    test('the other process shuts down cleanly on SIGTERM', async () => {
      child!.kill('SIGTERM');
      const [code] = (await once(child!, 'exit')) as [number | null];
      assert.equal(code, 0);
    });
  });
});
