import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import fc from 'fast-check';
import { Value } from 'typebox/value';
import { Problem } from '../../server/src/schemas/common.js';
import {
  adminHeaders,
  ALLOWED_ORIGIN,
  backends,
  countRows,
  DEMO_CAMPAIGN,
  DEMO_OPPORTUNITY,
  problemOf,
  useApp,
} from './helper.js';

/** Each endpoint with a valid body; every generated body is this body made invalid in one way. */
const ENDPOINTS = [
  {
    url: `/admin/campaigns/${DEMO_CAMPAIGN}/donations`,
    valid: { amount: 100, currency: 'MAD', source: 'cash', donorName: 'Itto', anonymous: false },
    required: ['amount'],
    numeric: 'amount',
    text: 'donorName',
    maximum: 1e11,
  },
  {
    url: `/admin/campaigns/${DEMO_CAMPAIGN}/items/blankets/receipts`,
    valid: { quantity: 3 },
    required: ['quantity'],
    numeric: 'quantity',
    text: undefined,
    maximum: 1e6,
  },
  {
    url: '/admin/campaigns',
    valid: {
      id: 'fuzz-campaign',
      title: { fr: 'Titre', ar: 'عنوان' },
      association: { id: 'amal-tounfite', name: 'Amal' },
      goal: 1000,
      items: [{ id: 'tents', label: 'Tentes', needed: 5 }],
    },
    required: ['id', 'title', 'association', 'goal'],
    numeric: 'goal',
    text: 'title',
    maximum: 1e13,
  },
] as const;

const notANumber = fc.oneof(
  fc.string(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.integer(), { maxLength: 3 }),
  fc.dictionary(fc.string(), fc.integer(), { maxKeys: 2 }),
  fc.integer().map(String),
);
const badNumber = (maximum: number) =>
  fc.oneof(
    fc.integer({ max: 0 }),
    fc.double({ noNaN: true, noDefaultInfinity: true }).filter((n) => !Number.isInteger(n)),
    fc.double({ min: maximum + 1, noNaN: true, noDefaultInfinity: true }),
    fc.constant(1e308),
    fc.constant(-1e308),
  );
// Characters PostgreSQL cannot store (NUL) or that are not text at all (lone surrogates).
const badText = fc
  .tuple(
    fc.string({ maxLength: 10 }),
    fc.constantFrom('\u0000', '\ud800', '\udfff', '\udc00x'),
    fc.string({ maxLength: 10 }),
  )
  .map(([before, bad, afterText]) => before + bad + afterText);
const deepNesting = fc.integer({ min: 50, max: 5000 }).map((depth) => '['.repeat(depth) + ']'.repeat(depth));

type Endpoint = (typeof ENDPOINTS)[number];

/** A raw JSON text, so that `__proto__` and invalid escapes reach the server exactly as written. */
function invalidBody(endpoint: Endpoint): fc.Arbitrary<string> {
  const withField = (field: string, valueJson: string) => {
    const rest = JSON.stringify({ ...endpoint.valid, [field]: undefined }).slice(1, -1);
    return `{${rest}${rest ? ',' : ''}${JSON.stringify(field)}:${valueJson}}`;
  };
  const known = new Set(Object.keys(endpoint.valid));
  const arbitraries: fc.Arbitrary<string>[] = [
    notANumber.map((value) => withField(endpoint.numeric, JSON.stringify(value))),
    badNumber(endpoint.maximum).map((value) => withField(endpoint.numeric, JSON.stringify(value))),
    fc
      .tuple(
        fc.string({ minLength: 1, maxLength: 20 }).filter((key) => !known.has(key)),
        fc.jsonValue({ maxDepth: 2 }),
      )
      .map(([key, value]) => withField(key, JSON.stringify(value))),
    fc
      .constantFrom('__proto__', 'constructor')
      .map((key) => withField(key, '{"prototype":{"polluted":true},"amount":1}')),
    deepNesting.map((nested) => withField(endpoint.numeric, nested)),
    fc
      .jsonValue()
      .filter((value) => typeof value !== 'object' || value === null || Array.isArray(value))
      .map((v) => JSON.stringify(v)),
    fc.constantFrom(...endpoint.required).map((field) => JSON.stringify({ ...endpoint.valid, [field]: undefined })),
    fc.string({ maxLength: 30 }).map((junk) => `{"${endpoint.numeric}": 1${junk.replace(/[\d\s}]/g, '')}`),
  ];
  if (endpoint.text) {
    arbitraries.push(badText.map((text) => withField(endpoint.text, JSON.stringify(text))));
    arbitraries.push(badText.map((text) => withField(endpoint.text, JSON.stringify({ fr: text }))));
  }
  return fc.oneof(...arbitraries);
}

const RUNS = { pglite: 10_000, postgres: 2_000 } as const;
const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);

for (const backend of backends) {
  describe(`fuzzed admin bodies on ${backend.name}`, { skip: backend.skip }, () => {
    const server = useApp(backend);

    test(`${RUNS[backend.name]} invalid bodies: always a 4xx problem, never a write`, async () => {
      const before = await countRows(server.db.database);
      const statuses = new Map<number, number>();
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...ENDPOINTS).chain((endpoint) => fc.tuple(fc.constant(endpoint), invalidBody(endpoint))),
          async ([endpoint, payload]) => {
            const response = await server.app.inject({
              method: 'POST',
              url: endpoint.url,
              headers: adminHeaders,
              payload,
            });
            statuses.set(response.statusCode, (statuses.get(response.statusCode) ?? 0) + 1);
            assert.ok(
              response.statusCode >= 400 && response.statusCode < 500,
              `${response.statusCode} for ${payload.slice(0, 200)}`,
            );
            problemOf(response);
          },
        ),
        { numRuns: RUNS[backend.name], seed: SEED },
      );
      assert.deepEqual(await countRows(server.db.database), before, 'no rows written');
      assert.equal(({} as Record<string, unknown>).polluted, undefined);
      // Both kinds of rejection were exercised, not only one.
      assert.ok((statuses.get(400) ?? 0) > 0 && (statuses.get(422) ?? 0) > 0, JSON.stringify([...statuses]));
    });
  });
}

/** Ids that exist in the demo data, so that fuzzed query strings reach the routes' handlers. */
const KNOWN_IDS: Record<string, string> = {
  campaignId: DEMO_CAMPAIGN,
  opportunityId: DEMO_OPPORTUNITY,
  itemId: 'blankets',
  signupId: 'no-such-signup',
};

/** Path segments as written in the URL: NUL, dot segments, encoded slashes, bad UTF-8, unicode, overlong, empty. */
const BAD_SEGMENTS = [
  '%00',
  'a%00b',
  '\u0000',
  '',
  '.',
  '..',
  '%2e%2e',
  '..%2F..%2Fetc%2Fpasswd',
  '%2F',
  'a%2Fb',
  '%5C',
  'a%5Cb',
  '%C0%AE',
  '%ZZ',
  '%',
  '%E2%82',
  '%ED%A0%80',
  '%C3%A9t%C3%A9',
  'été',
  'حملة',
  '\u202Eevil',
  '%F0%9F%98%80',
  'a'.repeat(65),
  'a'.repeat(101),
  'a'.repeat(10_000),
  '%20',
  'a%20b',
  '%0D%0Ax',
  '%09',
  '%27%3B%20drop%20table%20campaigns%3B--',
  '%2A',
  'a.b',
  '~',
];

/** Query values, likewise; keys are each route's own plus a few hostile ones. */
const BAD_VALUES = [...BAD_SEGMENTS, 'day', 'week', '1', '-1', '1e999', 'true', '[]', '{}'];
const EXTRA_KEYS = ['x', '__proto__', 'constructor', '', '%00', 'a[b]'];

const PATH_ID = /^[A-Za-z0-9_-]{1,64}$/;
// A random segment: any unicode (lone surrogates included), percent-encoded where encodeURIComponent can.
const randomSegment = fc.string({ unit: 'binary', maxLength: 80 }).map((text) => {
  try {
    return encodeURIComponent(text);
  } catch {
    return text.replace(/[\ud800-\udfff]/g, '%ED%A0%80').replace(/[^\w.~-]/g, (c) => `%${c.charCodeAt(0) % 256}`);
  }
});

/** What a client sends: the path as written, with what cannot go raw on the wire percent-encoded as UTF-8. */
const onTheWire = (url: string) =>
  url.replace(/[^\u0021-\u007e]+/gu, (text) => {
    try {
      return encodeURIComponent(text);
    } catch {
      return '%ED%A0%80';
    }
  });

interface Answer {
  status: number;
  type: string;
  body: string;
}

/**
 * A real HTTP request with the path exactly as given (fetch and inject would normalise `..` away); an event stream
 * that opened is closed at once.
 */
function rawRequest(
  base: URL,
  agent: http.Agent,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: string,
) {
  return new Promise<Answer>((resolve, reject) => {
    const request = http.request({ host: base.hostname, port: base.port, method, path, headers, agent }, (response) => {
      const type = String(response.headers['content-type']);
      if (response.statusCode === 200 && type.startsWith('text/event-stream')) {
        response.destroy();
        resolve({ status: 200, type, body: '' });
        return;
      }
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, type, body: text }));
    });
    request.on('error', (error) => reject(new Error(`${method} ${path.slice(0, 200)}: ${error.message}`)));
    request.end(body);
  });
}

describe('fuzzed path parameters and query strings of every route on pglite', () => {
  const server = useApp(backends[0]);
  let routes: FastifyInstance['routeTable'];
  let base: URL;
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  before(async () => {
    base = new URL(await server.app.listen({ port: 0, host: '127.0.0.1' }));
    routes = server.app.routeTable;
  });
  after(() => agent.destroy());

  /** One request, with admin and origin headers and, where a body goes, an invalid one: nothing can be written. */
  const call = (route: (typeof routes)[number], url: string) => {
    const hasBody = ['POST', 'PUT', 'PATCH', 'DELETE'].includes(route.method);
    const headers = {
      authorization: adminHeaders.authorization,
      origin: ALLOWED_ORIGIN,
      'idempotency-key': 'fuzz',
      'access-control-request-method': 'POST',
      // An explicit length: Node sends a DELETE body without one, which the next request on the socket would inherit.
      ...(hasBody ? { 'content-type': 'application/json', 'content-length': '2' } : {}),
    };
    return rawRequest(base, agent, route.method, onTheWire(url), headers, hasBody ? '[]' : undefined);
  };

  function assertProblem(answer: Answer, method: string, what: string) {
    assert.ok(answer.status >= 400 && answer.status < 500, `${answer.status} for ${what}`);
    assert.match(answer.type, /^application\/problem\+json/, `${what}: ${answer.status} ${answer.body.slice(0, 300)}`);
    if (method !== 'HEAD') assert.ok(Value.Check(Problem, JSON.parse(answer.body)), `${what}: ${answer.body}`);
  }

  const urlOf = (route: (typeof routes)[number], values: Record<string, string>, query = '') =>
    (route.url === '*' ? '/*' : route.url).replace(/:([A-Za-z0-9_]+)|\*/g, (_match, name: string | undefined) =>
      name ? (values[name] ?? KNOWN_IDS[name] ?? 'some-id') : (values['*'] ?? 'index.html'),
    ) + query;

  test('the route table lists every route, and OpenAPI documents every path parameter as an id', () => {
    const methods = new Set(routes.map((route) => `${route.method} ${route.url}`));
    for (const expected of ['GET /campaigns/:campaignId/events', 'OPTIONS /opportunities/:opportunityId/signups'])
      assert.ok(methods.has(expected), expected);
    const document = server.app.swagger() as {
      paths: Record<
        string,
        Record<string, { parameters?: { in: string; name: string; schema: { pattern?: string } }[] }>
      >;
    };
    let checked = 0;
    for (const operations of Object.values(document.paths))
      for (const operation of Object.values(operations))
        for (const parameter of operation.parameters ?? [])
          if (parameter.in === 'path') {
            assert.equal(parameter.schema.pattern, PATH_ID.source, parameter.name);
            checked++;
          }
    assert.ok(checked >= 8, `${checked} path parameters documented`);
  });

  test('every path parameter of every route: a bad id is a 404 problem, never a 5xx, and nothing is written', async (t) => {
    t.diagnostic(`FUZZ_SEED=${SEED}`);
    const before = await countRows(server.db.database);
    let requests = 0;
    for (const route of routes) {
      const names = [...route.url.matchAll(/:([A-Za-z0-9_]+)|\*/g)].map((match) => match[1] ?? '*');
      for (const name of names) {
        const fixed = BAD_SEGMENTS.map((segment) => fc.constant(segment));
        const samples = [
          ...BAD_SEGMENTS,
          ...fc.sample(fc.oneof(randomSegment, ...fixed), { numRuns: 40, seed: SEED + routes.indexOf(route) }),
        ];
        for (const segment of samples) {
          const url = urlOf(route, { [name]: segment });
          const answer = await call(route, url);
          requests++;
          const what = `${route.method} ${url.slice(0, 120)}`;
          if (PATH_ID.test(segment) || name === '*') {
            // A valid (unknown or known) id, or a static file name: the route's own answer, but never a 5xx.
            assert.ok(answer.status < 500, `${answer.status} for ${what}`);
            if (answer.status >= 400) assertProblem(answer, route.method, what);
          } else if (!(route.method === 'OPTIONS' && answer.status === 204)) {
            // (A preflight the router cannot match, e.g. a parameter past its length limit, is answered 204 by
            // the CORS plugin's catch-all, like any preflight.)
            assertProblem(answer, route.method, what);
            assert.equal(answer.status, 404, what);
          }
        }
      }
    }
    assert.deepEqual(await countRows(server.db.database), before, 'no rows written');
    assert.equal(server.app.eventStreams.count, 0, 'no stream left open');
    assert.ok(requests > 1000, `${requests} requests`);
  });

  test('a request too large for Node to parse (headers over 16 kB) is a 431 problem, not a bare JSON error', async () => {
    const answer = await fetch(`${base}/campaigns/winter-blankets-tounfite?q=${'a'.repeat(20_000)}`);
    assert.equal(answer.status, 431);
    assert.match(answer.headers.get('content-type') ?? '', /^application\/problem\+json/);
    assert.equal(((await answer.json()) as { code: string }).code, 'headers_too_large');
  });

  test('the 431 answer to a HEAD has no body (a client would read it as a second, broken answer)', async () => {
    const url = `${base}/campaigns/winter-blankets-tounfite?q=${'a'.repeat(20_000)}`;
    const { status, error } = await new Promise<{ status?: number; error?: Error }>((resolve) => {
      let status: number | undefined;
      const request = http.request(url, { method: 'HEAD' }, (response) => {
        status = response.statusCode;
        response.resume();
      });
      // Node's parser reports a body after a HEAD answer as an error on the request, after the answer itself.
      request.on('error', (error) => resolve({ status, error }));
      request.on('close', () => setTimeout(() => resolve({ status }), 50));
      request.end();
    });
    assert.equal(error, undefined);
    assert.equal(status, 431);
  });

  test('every query string of every route, with valid ids: the route answers or refuses, never a 5xx', async (t) => {
    t.diagnostic(`FUZZ_SEED=${SEED}`);
    const before = await countRows(server.db.database);
    const statuses = new Map<number, number>();
    for (const route of routes) {
      const properties = (route.schema?.querystring as { properties?: Record<string, unknown> } | undefined)
        ?.properties;
      const keys = [...Object.keys(properties ?? {}), ...EXTRA_KEYS];
      const pair = fc.tuple(
        fc.constantFrom(...keys),
        fc.oneof(fc.constantFrom(...BAD_VALUES), randomSegment, fc.constant(undefined)),
      );
      const queries = fc.sample(
        fc
          .array(pair, { minLength: 1, maxLength: 4 })
          .map((pairs) => `?${pairs.map(([key, value]) => (value === undefined ? key : `${key}=${value}`)).join('&')}`),
        { numRuns: 60, seed: SEED + routes.indexOf(route) },
      );
      for (const query of [...queries, '?', '?&&', '?=', '?%00', `?${'a=1&'.repeat(500)}`]) {
        const url = urlOf(route, {}, query);
        const answer = await call(route, url);
        statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
        const what = `${route.method} ${url.slice(0, 120)}`;
        assert.ok(answer.status < 500, `${answer.status} for ${what}`);
        if (answer.status >= 400) assertProblem(answer, route.method, what);
      }
    }
    assert.deepEqual(await countRows(server.db.database), before, 'no rows written');
    assert.equal(server.app.eventStreams.count, 0, 'no stream left open');
    // Both the routes' answers and refusals were reached.
    assert.ok((statuses.get(200) ?? 0) > 0 && (statuses.get(422) ?? 0) > 0, JSON.stringify([...statuses]));
  });
});
