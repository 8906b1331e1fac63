import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import fc from 'fast-check';
import {
  ALLOWED_ORIGIN,
  adminHeaders,
  backends,
  countRows,
  newOpportunity,
  problemOf,
  signupBody,
  useApp,
} from './helper.js';

const VALID = { ...signupBody(1), phone: '0612345678', city: 'Tounfite', skills: ['driving'], newsOptIn: false };
const FIELDS = Object.keys(VALID);

const withField = (field: string, valueJson: string) => {
  const rest = JSON.stringify({ ...VALID, [field]: undefined }).slice(1, -1);
  return `{${rest}${rest ? ',' : ''}${JSON.stringify(field)}:${valueJson}}`;
};
const badText = fc
  .tuple(fc.string({ maxLength: 10 }), fc.constantFrom('\u0000', '\ud800', '\udfff'), fc.string({ maxLength: 10 }))
  .map(([a, bad, b]) => a + bad + b);
const wrongType = fc.oneof(
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.integer(), { maxLength: 2 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.integer(), { maxKeys: 2 }),
);

/** A raw JSON text: each is the valid body made invalid in one way. */
const invalidBody: fc.Arbitrary<string> = fc.oneof(
  fc
    .tuple(fc.constantFrom(...FIELDS), wrongType)
    // A boolean is the right type for the two boolean fields, an empty list for skills.
    .filter(([field, value]) =>
      typeof value === 'boolean'
        ? field !== 'consent' && field !== 'newsOptIn'
        : !(field === 'skills' && Array.isArray(value) && value.length === 0),
    )
    .map(([field, value]) => withField(field, JSON.stringify(value))),
  fc
    .tuple(
      fc
        .string({ minLength: 1, maxLength: 20 })
        .filter((key) => !FIELDS.includes(key) && key !== 'altcha' && key !== 'website'),
      fc.jsonValue({ maxDepth: 2 }),
    )
    .map(([key, value]) => withField(key, JSON.stringify(value))),
  fc.constantFrom('__proto__', 'constructor').map((key) => withField(key, '{"prototype":{"polluted":true}}')),
  fc
    .constantFrom('name', 'email', 'city', 'phone')
    .chain((field) => badText.map((text) => withField(field, JSON.stringify(text)))),
  badText.map((text) => withField('answers', JSON.stringify({ notes: text, languages: 'arabic' }))),
  fc
    .constantFrom('0812345678', '+33612345678', '06123', '06 12 34 56 78 9', 'phone', '+212', '٠٦١٢٣٤٥٦٧٨')
    .map((phone) => withField('phone', JSON.stringify(phone))),
  fc
    .constantFrom('', 'a', 'no-at-sign', '@example.org', 'a@', 'a b@example.org', 'x'.repeat(300) + '@e.org')
    .map((email) => withField('email', JSON.stringify(email))),
  fc.constantFrom('false', '"true"', '1', 'null').map((consent) => withField('consent', consent)),
  fc
    .constantFrom('[]', '["night"]', '["morning","morning"]', '["MORNING"]', '[""]')
    .map((ids) => withField('shiftIds', ids)),
  fc
    .constantFrom(
      '{}',
      '{"languages":"klingon"}',
      '{"languages":true}',
      '{"languages":"arabic","four-by-four":"yes"}',
      '{"languages":"arabic","unknown":"x"}',
    )
    .map((answers) => withField('answers', answers)),
  fc
    .constantFrom('shiftIds', 'name', 'email', 'consent', 'locale')
    .map((field) => JSON.stringify({ ...VALID, [field]: undefined })),
  fc
    .jsonValue()
    .filter((value) => typeof value !== 'object' || value === null || Array.isArray(value))
    .map((v) => JSON.stringify(v)),
  fc.string({ maxLength: 30 }).map((junk) => `{"name": 1${junk.replace(/[\d\s}]/g, '')}`),
  fc.integer({ min: 50, max: 3000 }).map((depth) => withField('answers', '['.repeat(depth) + ']'.repeat(depth))),
);

const RUNS = { pglite: 10_000, postgres: 2_000 } as const;
const HUGE = withField('name', JSON.stringify('x'.repeat(1024 * 1024)));

for (const backend of backends) {
  describe(`fuzzed signup bodies on ${backend.name}`, { skip: backend.skip }, () => {
    const server = useApp(backend);
    before(async () => {
      const created = await server.app.inject({
        method: 'POST',
        url: '/admin/opportunities',
        headers: adminHeaders,
        payload: newOpportunity('fuzz-opportunity'),
      });
      assert.equal(created.statusCode, 201);
    });

    test(`${RUNS[backend.name]} invalid bodies: always a 4xx problem, never a write`, async () => {
      const before = await countRows(server.db.database);
      const statuses = new Map<number, number>();
      let n = 0;
      const send = async (payload: string) => {
        const response = await server.app.inject({
          method: 'POST',
          url: '/opportunities/fuzz-opportunity/signups',
          headers: { origin: ALLOWED_ORIGIN, 'content-type': 'application/json', 'idempotency-key': `fuzz-${++n}` },
          payload,
        });
        statuses.set(response.statusCode, (statuses.get(response.statusCode) ?? 0) + 1);
        assert.ok(
          response.statusCode >= 400 && response.statusCode < 500,
          `${response.statusCode} for ${payload.slice(0, 200)}`,
        );
        problemOf(response);
        return response;
      };
      assert.equal((await send(HUGE)).statusCode, 413);
      await fc.assert(
        fc.asyncProperty(invalidBody, async (payload) => {
          await send(payload);
        }),
        {
          numRuns: RUNS[backend.name],
          seed: Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31),
        },
      );
      assert.deepEqual(await countRows(server.db.database), before, 'no rows written');
      assert.equal(({} as Record<string, unknown>).polluted, undefined);
      assert.ok((statuses.get(400) ?? 0) > 0 && (statuses.get(422) ?? 0) > 0, JSON.stringify([...statuses]));
    });
  });
}
