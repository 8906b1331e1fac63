import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import fc from 'fast-check';
import { Value } from 'typebox/value';
import { Problem } from '../../server/src/schemas/common.js';
import { adminHeaders, backends, countRows, DEMO_CAMPAIGN, testApp, type TestDatabase } from './helper.js';

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

for (const backend of backends) {
  describe(`fuzzed admin bodies on ${backend.name}`, { skip: backend.skip }, () => {
    let db: TestDatabase;
    let app: FastifyInstance;
    before(async () => {
      db = await backend.open();
      app = await testApp(db.database);
    });
    after(async () => {
      await app?.close();
      await db?.close();
    });

    test(`${RUNS[backend.name]} invalid bodies: always a 4xx problem, never a write`, async () => {
      const before = await countRows(db.database);
      const statuses = new Map<number, number>();
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...ENDPOINTS).chain((endpoint) => fc.tuple(fc.constant(endpoint), invalidBody(endpoint))),
          async ([endpoint, payload]) => {
            const response = await app.inject({ method: 'POST', url: endpoint.url, headers: adminHeaders, payload });
            statuses.set(response.statusCode, (statuses.get(response.statusCode) ?? 0) + 1);
            assert.ok(
              response.statusCode >= 400 && response.statusCode < 500,
              `${response.statusCode} for ${payload.slice(0, 200)}`,
            );
            assert.match(String(response.headers['content-type']), /^application\/problem\+json/);
            assert.ok(Value.Check(Problem, JSON.parse(response.body)), response.body);
          },
        ),
        { numRuns: RUNS[backend.name], seed: Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31) },
      );
      assert.deepEqual(await countRows(db.database), before, 'no rows written');
      assert.equal(({} as Record<string, unknown>).polluted, undefined);
      // Both kinds of rejection were exercised, not only one.
      assert.ok((statuses.get(400) ?? 0) > 0 && (statuses.get(422) ?? 0) > 0, JSON.stringify([...statuses]));
    });
  });
}
