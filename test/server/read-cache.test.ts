import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { PROGRESS_CHANNEL } from '../../server/src/db/database.js';
import type { Campaign } from '../../server/src/schemas/campaigns.js';
import type { Opportunity } from '../../server/src/schemas/opportunities.js';
import { ReadCache } from '../../server/src/services/read-cache.js';
import { readSettings } from '../../server/src/settings.js';
import {
  adminHeaders,
  ALLOWED_ORIGIN,
  backends,
  DEMO_CAMPAIGN,
  newOpportunity,
  signupBody,
  testApp,
  type TestDatabase,
} from './helper.js';

describe('ReadCache', () => {
  test('a load overtaken by an invalidation answers its own read but is not kept', async () => {
    const cache = new ReadCache(10);
    let release!: () => void;
    let loads = 0;
    const slow = () => {
      loads++;
      return new Promise<{ body: string }>((resolve) => (release = () => resolve({ body: '"before"' })));
    };
    const first = cache.get('campaign', 'a', '', slow);
    cache.invalidate('campaign', 'a');
    // A read after the write does not join the load that started before it.
    const second = cache.get('campaign', 'a', '', () => {
      loads++;
      return Promise.resolve({ body: '"after"' });
    });
    release();
    assert.equal((await first).body, '"before"');
    assert.equal((await second).body, '"after"');
    const third = await cache.get('campaign', 'a', '', () => assert.fail('served from the cache'));
    assert.equal(third.body, '"after"');
    assert.equal(loads, 2);
  });

  test('concurrent misses share one load; every variant of a resource goes with it', async () => {
    const cache = new ReadCache(10);
    let loads = 0;
    const load = () => Promise.resolve({ body: String(++loads) });
    const [a, b] = await Promise.all([
      cache.get('opportunity', 'x', 'fr', load),
      cache.get('opportunity', 'x', 'fr', load),
    ]);
    assert.equal(a.body, '1');
    assert.equal(b.body, '1');
    await cache.get('opportunity', 'x', 'ar', load);
    cache.invalidate('opportunity', 'x');
    assert.equal((await cache.get('opportunity', 'x', 'fr', load)).body, '3');
    assert.equal((await cache.get('opportunity', 'x', 'ar', load)).body, '4');
  });

  test('is bounded, the least recently read going first', async () => {
    const cache = new ReadCache(2);
    const load = (body: string) => () => Promise.resolve({ body });
    await cache.get('campaign', 'a', '', load('a'));
    await cache.get('campaign', 'b', '', load('b'));
    await cache.get('campaign', 'a', '', load('a again'));
    await cache.get('campaign', 'c', '', load('c'));
    assert.equal(cache.size, 2);
    assert.equal((await cache.get('campaign', 'a', '', load('reloaded'))).body, 'a');
    assert.equal((await cache.get('campaign', 'b', '', load('reloaded'))).body, 'reloaded');
  });

  test('an answer is not served past its expiry', async () => {
    const cache = new ReadCache(10);
    await cache.get('campaign', 'a', '', () => Promise.resolve({ body: 'old', expiresAt: Date.now() + 30 }));
    assert.equal((await cache.get('campaign', 'a', '', () => Promise.resolve({ body: 'cached?' }))).body, 'old');
    await new Promise((resolve) => setTimeout(resolve, 40));
    assert.equal((await cache.get('campaign', 'a', '', () => Promise.resolve({ body: 'new' }))).body, 'new');
  });
});

test('TADAMON_READ_CACHE sets the cache size, `off` turns it off, nonsense stops the start', () => {
  assert.equal(readSettings({}).readCacheSize, 1000);
  assert.equal(readSettings({ TADAMON_READ_CACHE: '50' }).readCacheSize, 50);
  assert.equal(readSettings({ TADAMON_READ_CACHE: 'off' }).readCacheSize, 0);
  assert.throws(() => readSettings({ TADAMON_READ_CACHE: '0' }), /TADAMON_READ_CACHE/);
});

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

for (const backend of backends) {
  describe(`read cache on ${backend.name}`, { skip: backend.skip }, () => {
    let db: TestDatabase;
    let app: FastifyInstance;
    const opportunityId = 'cache-distribution';
    let keys = 0;

    const campaign = async (on = app) => (await on.inject({ url: `/campaigns/${DEMO_CAMPAIGN}` })).json<Campaign>();
    const opportunity = async (on = app) =>
      (await on.inject({ url: `/opportunities/${opportunityId}` })).json<Opportunity>();
    const signUp = (n: number, on = app) =>
      on.inject({
        method: 'POST',
        url: `/opportunities/${opportunityId}/signups`,
        headers: { origin: ALLOWED_ORIGIN, 'idempotency-key': `cache-${++keys}` },
        payload: signupBody(n),
      });

    before(async () => {
      db = await backend.open();
      app = await testApp(db.database);
      const created = await app.inject({
        method: 'POST',
        url: '/admin/opportunities',
        headers: adminHeaders,
        payload: newOpportunity(opportunityId, [{ id: 'morning', capacity: 5, waitlist: true }]),
      });
      assert.equal(created.statusCode, 201);
      // The notifications of the writes above reach this process a moment later.
      await new Promise((resolve) => setTimeout(resolve, 300));
    });
    after(async () => {
      await app?.close();
      await db?.close();
    });

    test('a second GET is served from memory, with the same ETag and 304 on revalidation', async () => {
      const first = await app.inject({ url: `/campaigns/${DEMO_CAMPAIGN}` });
      // Changed behind the server's back (no NOTIFY): only a cached answer can still show the old figure.
      await sql`update campaigns set raised_minor = raised_minor + 1 where id = ${DEMO_CAMPAIGN}`.execute(
        db.database.db,
      );
      const second = await app.inject({ url: `/campaigns/${DEMO_CAMPAIGN}` });
      assert.equal(second.body, first.body);
      assert.equal(second.headers.etag, first.headers.etag);
      assert.match(String(second.headers['content-type']), /^application\/json/);
      const revalidated = await app.inject({
        url: `/campaigns/${DEMO_CAMPAIGN}`,
        headers: { 'if-none-match': String(first.headers.etag) },
      });
      assert.equal(revalidated.statusCode, 304);
    });

    test('a refused write changes nothing and drops nothing: nobody can empty the cache at will', async () => {
      const first = await app.inject({ url: `/campaigns/${DEMO_CAMPAIGN}` });
      await sql`update campaigns set donor_count = donor_count + 1 where id = ${DEMO_CAMPAIGN}`.execute(db.database.db);
      assert.equal((await app.inject({ method: 'POST', url: '/no-such-path' })).statusCode, 404);
      const refused = await app.inject({
        method: 'POST',
        url: `/admin/campaigns/${DEMO_CAMPAIGN}/donations`,
        headers: adminHeaders,
        payload: { amount: -5 },
      });
      assert.equal(refused.statusCode, 422);
      assert.equal((await app.inject({ url: `/campaigns/${DEMO_CAMPAIGN}` })).body, first.body);
    });

    test('a NOTIFY on the progress channel (any process) drops the campaign', async () => {
      const raised = async () =>
        Number(
          (
            await db.database.db
              .selectFrom('campaigns')
              .select('raised_minor')
              .where('id', '=', DEMO_CAMPAIGN)
              .executeTakeFirstOrThrow()
          ).raised_minor,
        );
      await campaign();
      await sql`update campaigns set raised_minor = raised_minor + 1 where id = ${DEMO_CAMPAIGN}`.execute(
        db.database.db,
      );
      const expected = await raised();
      assert.notEqual((await campaign()).raised, expected);
      await sql`select pg_notify(${PROGRESS_CHANNEL}, ${DEMO_CAMPAIGN})`.execute(db.database.db);
      assert.equal((await until(campaign, (c) => c.raised === expected)).raised, expected);
    });

    test('a donation is in the very next GET', async () => {
      const before = await campaign();
      const response = await app.inject({
        method: 'POST',
        url: `/admin/campaigns/${DEMO_CAMPAIGN}/donations`,
        headers: adminHeaders,
        payload: { amount: 12_345 },
      });
      assert.equal(response.statusCode, 201);
      const after = await campaign();
      assert.equal(after.raised, before.raised + 12_345);
      assert.equal(after.donors, before.donors + 1);
    });

    test('an admin PATCH of the campaign is in the very next GET', async () => {
      await campaign();
      const response = await app.inject({
        method: 'PATCH',
        url: `/admin/campaigns/${DEMO_CAMPAIGN}`,
        headers: adminHeaders,
        payload: { goal: 999_999_00 },
      });
      assert.equal(response.statusCode, 200);
      assert.equal((await campaign()).goal, 999_999_00);
    });

    test('items received are in the very next GET', async () => {
      const before = (await campaign()).items!.find((item) => item.id === 'blankets')!.received;
      const response = await app.inject({
        method: 'POST',
        url: `/admin/campaigns/${DEMO_CAMPAIGN}/items/blankets/receipts`,
        headers: adminHeaders,
        payload: { quantity: 7 },
      });
      assert.equal(response.statusCode, 201);
      assert.equal((await campaign()).items!.find((item) => item.id === 'blankets')!.received, before + 7);
    });

    test('a campaign that starts is shown active once it has started, not upcoming from the cache', async () => {
      const id = `cache-starting-${backend.name}`;
      const created = await app.inject({
        method: 'POST',
        url: '/admin/campaigns',
        headers: adminHeaders,
        payload: {
          id,
          title: 'Soon',
          association: { id: 'amal-tounfite', name: 'Amal' },
          goal: 1000,
          startsAt: new Date(Date.now() + 400).toISOString(),
        },
      });
      assert.equal(created.statusCode, 201);
      const read = async () => (await app.inject({ url: `/campaigns/${id}` })).json<Campaign>();
      assert.equal((await read()).status, 'upcoming');
      await new Promise((resolve) => setTimeout(resolve, 500));
      assert.equal((await read()).status, 'active');
    });

    test('a signup changes `remaining` in the very next GET, and so do an admin PATCH and a deleted signup', async () => {
      assert.equal((await opportunity()).shifts[0].remaining, 5);
      const signup = await signUp(1);
      assert.equal(signup.statusCode, 201);
      assert.equal((await opportunity()).shifts[0].remaining, 4);

      const patched = await app.inject({
        method: 'PATCH',
        url: `/admin/opportunities/${opportunityId}`,
        headers: adminHeaders,
        payload: { shifts: [{ id: 'morning', capacity: 8 }] },
      });
      assert.equal(patched.statusCode, 200);
      assert.equal((await opportunity()).shifts[0].remaining, 7);

      const deleted = await app.inject({
        method: 'DELETE',
        url: `/admin/signups/${signup.json<{ id: string }>().id}`,
        headers: { authorization: adminHeaders.authorization },
      });
      assert.equal(deleted.statusCode, 200);
      assert.equal((await opportunity()).shifts[0].remaining, 8);
    });

    test('a write on another process reaches this one through NOTIFY', async () => {
      const other = await testApp(db.database);
      try {
        const campaignBefore = await campaign();
        const opportunityBefore = await opportunity();
        const donation = await other.inject({
          method: 'POST',
          url: `/admin/campaigns/${DEMO_CAMPAIGN}/donations`,
          headers: adminHeaders,
          payload: { amount: 500 },
        });
        assert.equal(donation.statusCode, 201);
        assert.equal((await signUp(2, other)).statusCode, 201);
        const campaignAfter = await until(campaign, (c) => c.raised !== campaignBefore.raised);
        assert.equal(campaignAfter.raised, campaignBefore.raised + 500);
        const remaining = opportunityBefore.shifts[0].remaining;
        const opportunityAfter = await until(opportunity, (o) => o.shifts[0].remaining !== remaining);
        assert.equal(opportunityAfter.shifts[0].remaining, remaining - 1);
      } finally {
        await other.close();
      }
    });
  });
}
