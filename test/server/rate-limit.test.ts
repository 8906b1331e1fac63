import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { KyselyPlugin } from 'kysely';
import { parseTrustProxy, readSettings, SettingError, type TrustProxy } from '../../server/src/settings.js';
import type { TadamonDatabase } from '../../server/src/db/database.js';
import {
  adminHeaders,
  ALLOWED_ORIGIN,
  backends,
  DEMO_CAMPAIGN,
  DEMO_OPPORTUNITY,
  failedStart,
  signupBody,
  useDatabase,
} from './helper.js';

const CAMPAIGN = `/campaigns/${DEMO_CAMPAIGN}`;
const SIGNUPS = `/opportunities/${DEMO_OPPORTUNITY}/signups`;

/** The same database, counting every query the app sends through it. */
function countingQueries(database: TadamonDatabase): { database: TadamonDatabase; queries: () => number } {
  let count = 0;
  const counter: KyselyPlugin = {
    transformQuery: ({ node }) => {
      count++;
      return node;
    },
    transformResult: ({ result }) => Promise.resolve(result),
  };
  return { database: { ...database, db: database.db.withPlugin(counter) }, queries: () => count };
}

describe('TADAMON_TRUST_PROXY', () => {
  test('takes a number of proxies or their addresses and CIDR ranges', () => {
    assert.equal(parseTrustProxy(undefined), false);
    assert.equal(parseTrustProxy(''), false);
    assert.equal(parseTrustProxy('false'), false);
    assert.equal(parseTrustProxy('0'), false);
    assert.equal(parseTrustProxy('2'), 2);
    assert.deepEqual(parseTrustProxy('127.0.0.1, 10.0.0.0/8,::1,fd00::/8'), [
      '127.0.0.1',
      '10.0.0.0/8',
      '::1',
      'fd00::/8',
    ]);
    assert.deepEqual(parseTrustProxy('loopback,uniquelocal'), ['loopback', 'uniquelocal']);
  });

  test('refuses to trust everyone, and says what to give instead', () => {
    for (const everyone of ['true', 'TRUE', '*', 'all', '0.0.0.0/0', '::/0', '10.0.0.1,0.0.0.0/0']) {
      assert.throws(
        () => parseTrustProxy(everyone),
        (error: Error) =>
          error instanceof SettingError &&
          /TADAMON_TRUST_PROXY/.test(error.message) &&
          /number of proxies|\/0 is refused/.test(error.message),
        everyone,
      );
    }
    for (const invalid of ['proxy.example.org', '10.0.0.0/33', '10.0.0.1/', '300.0.0.1', '1.5']) {
      assert.throws(() => parseTrustProxy(invalid), SettingError, invalid);
    }
  });

  test('the server refuses to start with TADAMON_TRUST_PROXY=true, with a clear message', async () => {
    const { code, output } = await failedStart({ TADAMON_TRUST_PROXY: 'true', DATABASE_URL: undefined });
    assert.equal(code, 1, output);
    assert.match(output, /cannot start: TADAMON_TRUST_PROXY=true would trust any X-Forwarded-For/);
    assert.doesNotMatch(output, /listening on|at .*\.ts:\d+/, 'no start, no stack trace');
  });

  test('the limits settings have defaults and refuse nonsense', () => {
    const defaults = readSettings({});
    assert.deepEqual(defaults.streamLimits, { perAddress: 50, total: 1000 });
    assert.deepEqual(defaults.rateLimit, { max: 600, timeWindowMs: 60_000 });
    assert.equal(defaults.trustProxy, false);
    const set = readSettings({
      TADAMON_MAX_STREAMS: '10',
      TADAMON_MAX_STREAMS_PER_ADDRESS: '2',
      TADAMON_RATE_LIMIT: 'off',
    });
    assert.deepEqual(set.streamLimits, { perAddress: 2, total: 10 });
    assert.equal(set.rateLimit, false);
    for (const [name, value] of [
      ['TADAMON_MAX_STREAMS', '0'],
      ['TADAMON_MAX_STREAMS_PER_ADDRESS', 'many'],
      ['TADAMON_RATE_LIMIT', '-5'],
    ]) {
      assert.throws(() => readSettings({ [name]: value }), new RegExp(name));
    }
  });
});

describe('rate limits and client addresses on pglite', () => {
  // Not useApp: each test builds apps of its own limits, some on a query-counting wrapper of the database.
  const suite = useDatabase(backends[0]);

  const get = (app: FastifyInstance, forwardedFor?: string, remoteAddress?: string) =>
    app.inject({
      url: CAMPAIGN,
      remoteAddress,
      headers: forwardedFor ? { 'x-forwarded-for': forwardedFor } : {},
    });

  test('without a trusted proxy, a rotating X-Forwarded-For does not escape the limit', async () => {
    const untrusted = await suite.app({ rateLimit: { max: 3, timeWindowMs: 60_000 } });
    // Trusting only 10.0.0.1 does not trust a peer at 127.0.0.1 either.
    const otherProxy = await suite.app({ rateLimit: { max: 3, timeWindowMs: 60_000 }, trustProxy: ['10.0.0.1'] });
    for (const app of [untrusted, otherProxy]) {
      const statuses = [];
      for (let n = 1; n <= 5; n++) statuses.push((await get(app, `203.0.113.${n}`)).statusCode);
      assert.deepEqual(statuses, [200, 200, 200, 429, 429]);
      const limited = await get(app, '198.51.100.7');
      assert.equal(limited.json<{ code: string }>().code, 'rate_limited');
      assert.ok(Number(limited.headers['retry-after']) > 0);
    }
  });

  const trusts: [string, TrustProxy][] = [
    ['its address', ['127.0.0.1']],
    ['a hop count', 1],
  ];
  for (const [name, trustProxy] of trusts) {
    test(`with a proxy trusted by ${name}, the client address comes from X-Forwarded-For`, async () => {
      const app = await suite.app({ rateLimit: { max: 2, timeWindowMs: 60_000 }, trustProxy });
      // The proxy appends the address it saw to whatever the client sent: that last address is the client.
      const statuses = [];
      for (const spoofed of ['1.1.1.1', '2.2.2.2', '3.3.3.3']) {
        statuses.push((await get(app, `${spoofed}, 203.0.113.10`)).statusCode);
      }
      assert.deepEqual(statuses, [200, 200, 429]);
      assert.equal((await get(app, '203.0.113.11')).statusCode, 200, 'another client has its own count');
    });
  }

  test('an address list trusts no X-Forwarded-For from a peer outside it', async () => {
    const app = await suite.app({ rateLimit: { max: 2, timeWindowMs: 60_000 }, trustProxy: ['127.0.0.1'] });
    const statuses = [];
    for (let n = 1; n <= 3; n++) statuses.push((await get(app, `203.0.113.${n}`, '192.0.2.50')).statusCode);
    assert.deepEqual(statuses, [200, 200, 429]);
  });

  test('a rate-limited request reaches no hook or handler that queries the database, on any route', async () => {
    const counted = countingQueries(suite.db.database);
    const app = await suite.app({ rateLimit: { max: 1, timeWindowMs: 60_000 } }, counted.database);
    await app.ready();
    // The one request allowed: the signup's origin check reads the opportunity in an onRequest hook.
    const first = await app.inject({
      method: 'POST',
      url: SIGNUPS,
      headers: { origin: ALLOWED_ORIGIN, 'content-type': 'application/json' },
      payload: signupBody(1),
    });
    assert.equal(first.statusCode, 400, 'no Idempotency-Key: past the origin check');
    const allowedQueries = counted.queries();
    assert.ok(allowedQueries > 0, 'the allowed request did query the database');
    const routes = app.routeTable.filter((route) => !route.url.includes('*'));
    assert.ok(routes.length >= 15, `${routes.length} routes`);
    for (const route of routes) {
      const url = route.url.replace(/:([A-Za-z0-9_]+)/g, (_match, name: string) =>
        name === 'opportunityId' ? DEMO_OPPORTUNITY : DEMO_CAMPAIGN,
      );
      const hasBody = ['POST', 'PATCH', 'PUT'].includes(route.method);
      const response = await app.inject({
        method: route.method,
        url,
        headers: { ...adminHeaders, origin: ALLOWED_ORIGIN, 'idempotency-key': 'limit' },
        ...(hasBody ? { payload: signupBody(1) } : {}),
      });
      assert.equal(response.statusCode, 429, `${route.method} ${url}`);
      assert.equal(counted.queries(), allowedQueries, `${route.method} ${url} queried the database`);
    }
  });

  test("a route's own limit runs before its hooks too, and its 429 is readable by the widget", async () => {
    const counted = countingQueries(suite.db.database);
    const app = await suite.app(
      { rateLimit: false, signupRateLimit: { max: 1, timeWindowMs: 60_000 } },
      counted.database,
    );
    const post = () =>
      app.inject({
        method: 'POST',
        url: SIGNUPS,
        headers: { origin: ALLOWED_ORIGIN, 'content-type': 'application/json' },
        payload: signupBody(1),
      });
    assert.equal((await post()).statusCode, 400, 'no Idempotency-Key: past the origin check');
    const queries = counted.queries();
    const limited = await post();
    assert.equal(limited.statusCode, 429);
    assert.equal(counted.queries(), queries, 'the origin check did not run');
    assert.equal(limited.headers['access-control-allow-origin'], ALLOWED_ORIGIN);
    assert.match(String(limited.headers['access-control-expose-headers']), /Retry-After/);
    assert.ok(Number(limited.headers['retry-after']) > 0);
    // Reads are not counted against the signups' limit.
    assert.equal((await app.inject(CAMPAIGN)).statusCode, 200);
  });

  test('the global limit applies on top of a route of its own', async () => {
    const app = await suite.app({
      rateLimit: { max: 2, timeWindowMs: 60_000 },
      signupRateLimit: { max: 10, timeWindowMs: 60_000 },
    });
    const statuses = [];
    for (let n = 0; n < 3; n++) {
      const response = await app.inject({ method: 'POST', url: SIGNUPS, headers: { origin: ALLOWED_ORIGIN } });
      statuses.push(response.statusCode);
    }
    assert.deepEqual(statuses, [400, 400, 429]);
  });
});
