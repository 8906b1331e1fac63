import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { solveChallenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2';
import type { LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { Value } from 'typebox/value';
import {
  Opportunity,
  PurgeResult,
  SignupDeleteResult,
  SignupResult,
  type Challenge,
} from '../../server/src/schemas/opportunities.js';
import {
  ALLOWED_ORIGIN,
  adminHeaders,
  backends,
  countRows,
  DEMO_OPPORTUNITY,
  newOpportunity,
  signupBody,
  testApp,
  useApp,
  problemOf,
} from './helper.js';

function resultOf(response: LightMyRequestResponse): SignupResult {
  assert.equal(response.statusCode, 201, response.body);
  const body: unknown = JSON.parse(response.body);
  assert.ok(Value.Check(SignupResult, body), response.body);
  return body;
}

let keys = 0;

for (const backend of backends) {
  describe(`volunteer opportunities on ${backend.name}`, { skip: backend.skip }, () => {
    const server = useApp(backend);

    const create = async (body: Record<string, unknown>) => {
      const response = await server.app.inject({
        method: 'POST',
        url: '/admin/opportunities',
        headers: adminHeaders,
        payload: body,
      });
      assert.equal(response.statusCode, 201, response.body);
      assert.ok(Value.Check(Opportunity, response.json()));
      return response.json<Opportunity>();
    };
    const signUp = (
      opportunityId: string,
      payload: unknown,
      headers: Record<string, string | undefined> = {},
    ): Promise<LightMyRequestResponse> =>
      server.app.inject({
        method: 'POST',
        url: `/opportunities/${opportunityId}/signups`,
        headers: Object.fromEntries(
          Object.entries({
            origin: ALLOWED_ORIGIN,
            'idempotency-key': `key-${++keys}`,
            'content-type': 'application/json',
            ...headers,
          }).filter(([, value]) => value !== undefined),
        ) as Record<string, string>,
        payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
      });
    const remaining = async (opportunityId: string) =>
      Object.fromEntries(
        (await server.app.inject(`/opportunities/${opportunityId}`))
          .json<Opportunity>()
          .shifts.map((shift) => [shift.id, shift.remaining]),
      );

    test('the demo opportunity: valid, cacheable, with consistent places', async () => {
      const response = await server.app.inject(`/opportunities/${DEMO_OPPORTUNITY}`);
      assert.equal(response.statusCode, 200);
      const opportunity = response.json<Opportunity>();
      assert.ok(Value.Check(Opportunity, opportunity));
      assert.equal(opportunity.spamProtection, 'pow');
      assert.equal(opportunity.privacy.cndpReceipt, 'D-W-123/2026');
      assert.deepEqual(
        opportunity.shifts.map((shift) => [shift.id, shift.capacity, shift.remaining, shift.waitlist]),
        [
          ['sorting-tounfite', 12, 1, false],
          ['anefgou-distribution', 8, 0, true],
          ['agoudim-distribution', 25, 21, true],
          ['tighdouine-distribution', 15, 15, false],
        ],
      );
      assert.match(String(response.headers['cache-control']), /max-age/);
      assert.equal(response.headers['access-control-allow-origin'], '*');
      const etag = String(response.headers.etag);
      const again = await server.app.inject({
        url: `/opportunities/${DEMO_OPPORTUNITY}`,
        headers: { 'if-none-match': etag },
      });
      assert.equal(again.statusCode, 304);
      const rows = await server.db.database.db
        .selectFrom('signup_shifts')
        .select(['shift_id', 'status'])
        .where('opportunity_id', '=', DEMO_OPPORTUNITY)
        .execute();
      assert.equal(rows.filter((row) => row.shift_id === 'sorting-tounfite').length, 11);
      assert.equal(
        rows.filter((row) => row.shift_id === 'anefgou-distribution' && row.status === 'waitlisted').length,
        3,
      );
      const missing = await server.app.inject('/opportunities/nope');
      assert.equal(missing.statusCode, 404);
      assert.equal(problemOf(missing).code, 'opportunity_not_found');
    });

    test('a signup is confirmed, normalised and recorded with its consent', async () => {
      await create(newOpportunity('opp-basic'));
      const response = await signUp('opp-basic', {
        ...signupBody(1),
        name: '  Zine\u0301b  ',
        email: '  Zineb@Example.ORG ',
        phone: '06 12-34.56 78',
        newsOptIn: true,
        answers: { languages: 'arabic', 'four-by-four': true, notes: 'Je viens avec ma sœur' },
      });
      const result = resultOf(response);
      assert.equal(response.headers['access-control-allow-origin'], ALLOWED_ORIGIN);
      assert.match(String(response.headers.vary), /Origin/);
      assert.equal(response.headers['cache-control'], 'no-store');
      assert.deepEqual(result.shifts, [{ id: 'morning', status: 'confirmed' }]);
      const row = await server.db.database.db
        .selectFrom('signups')
        .selectAll()
        .where('id', '=', result.id)
        .executeTakeFirstOrThrow();
      assert.equal(row.name, 'Zin\u00e9b');
      assert.equal(row.email, 'zineb@example.org');
      assert.equal(row.phone, '+212612345678');
      assert.equal(row.news_opt_in, true);
      assert.equal(row.consent_origin, ALLOWED_ORIGIN);
      assert.equal(row.locale, 'fr');
      assert.match(row.notice_version, /^[0-9a-f]{64}$/);
      assert.deepEqual((await remaining('opp-basic')).morning, 4);
    });

    test('idempotency: replay, reuse with another body, missing or too long key', async () => {
      await create(newOpportunity('opp-idem'));
      const headers = { 'idempotency-key': 'same-key' };
      const first = await signUp('opp-idem', signupBody(1), headers);
      const replay = await signUp('opp-idem', { ...signupBody(1) }, headers);
      assert.equal(replay.statusCode, 201);
      assert.equal(replay.body, first.body);
      assert.equal(replay.headers['idempotent-replayed'], 'true');
      const reused = await signUp('opp-idem', signupBody(2), headers);
      assert.equal(reused.statusCode, 422);
      assert.equal(problemOf(reused).code, 'idempotency_key_reused');
      // The same key on another opportunity is another key.
      await create(newOpportunity('opp-idem-2'));
      assert.equal((await signUp('opp-idem-2', signupBody(1), headers)).statusCode, 201);
      for (const key of [undefined, '', 'x'.repeat(256)]) {
        const response = await signUp('opp-idem', signupBody(3), { 'idempotency-key': key });
        assert.equal(response.statusCode, 400);
        assert.equal(problemOf(response).code, 'idempotency_key_required');
      }
      assert.equal((await signUp('opp-idem', signupBody(3), { 'idempotency-key': 'k'.repeat(255) })).statusCode, 201);
      assert.equal((await remaining('opp-idem')).morning, 3);
    });

    test('the same person twice (by email or phone) with a new key: 409 already_signed_up', async () => {
      await create(
        newOpportunity('opp-twice', [
          { id: 'morning', capacity: 5 },
          { id: 'evening', capacity: 5 },
        ]),
      );
      resultOf(await signUp('opp-twice', { ...signupBody(1), phone: '0612345678' }));
      const sameEmail = await signUp('opp-twice', { ...signupBody(1), email: 'VOLUNTEER1@example.org ' });
      assert.equal(sameEmail.statusCode, 409);
      assert.equal(problemOf(sameEmail).code, 'already_signed_up');
      const samePhone = await signUp('opp-twice', { ...signupBody(2), phone: '+212 6 12 34 56 78' });
      assert.equal(problemOf(samePhone).code, 'already_signed_up');
      // All or nothing: the evening place was not kept either.
      const both = await signUp('opp-twice', signupBody(1, ['evening', 'morning']));
      assert.deepEqual(problemOf(both).shiftIds, ['morning']);
      assert.deepEqual(await remaining('opp-twice'), { morning: 4, evening: 5 });
      resultOf(await signUp('opp-twice', signupBody(1, ['evening'])));
    });

    test('a full shift without waitlist: 409 shift_full naming it, nothing taken elsewhere', async () => {
      await create(
        newOpportunity('opp-full', [
          { id: 'morning', capacity: 1 },
          { id: 'evening', capacity: 3 },
        ]),
      );
      resultOf(await signUp('opp-full', signupBody(1)));
      const before = await countRows(server.db.database);
      const response = await signUp('opp-full', signupBody(2, ['evening', 'morning']));
      assert.equal(response.statusCode, 409);
      const problem = problemOf(response);
      assert.equal(problem.code, 'shift_full');
      assert.deepEqual(problem.shiftIds, ['morning']);
      const after = await countRows(server.db.database);
      // Only the idempotency key (with the 409 answer) was written.
      assert.deepEqual({ ...after, idempotency_keys: before.idempotency_keys }, before);
      assert.deepEqual(await remaining('opp-full'), { morning: 0, evening: 3 });
    });

    test('waitlist: positions in arrival order; deleting a signup promotes the first in line', async () => {
      await create(newOpportunity('opp-wait', [{ id: 'morning', capacity: 2, waitlist: true }]));
      const confirmed = [
        resultOf(await signUp('opp-wait', signupBody(1))),
        resultOf(await signUp('opp-wait', signupBody(2))),
      ];
      const waiting = [3, 4, 5].map((n) => signupBody(n));
      const results: SignupResult[] = [];
      for (const body of waiting) results.push(resultOf(await signUp('opp-wait', body)));
      assert.deepEqual(
        results.map((result) => [result.status, result.shifts[0].position]),
        [
          ['waitlisted', 1],
          ['waitlisted', 2],
          ['waitlisted', 3],
        ],
      );
      const deleted = await server.app.inject({
        method: 'DELETE',
        url: `/admin/signups/${confirmed[0].id}`,
        headers: { authorization: adminHeaders.authorization },
      });
      assert.equal(deleted.statusCode, 200, deleted.body);
      assert.ok(Value.Check(SignupDeleteResult, deleted.json()));
      assert.deepEqual(deleted.json<SignupDeleteResult>().promoted, [{ signupId: results[0].id, shiftId: 'morning' }]);
      const statuses = await server.db.database.db
        .selectFrom('signups')
        .select(['id', 'status'])
        .where('opportunity_id', '=', 'opp-wait')
        .execute();
      const statusOf = new Map(statuses.map((row) => [row.id, row.status]));
      assert.equal(statusOf.get(results[0].id), 'confirmed');
      assert.equal(statusOf.get(results[1].id), 'waitlisted');
      assert.equal(statusOf.has(confirmed[0].id), false);
      assert.equal((await remaining('opp-wait')).morning, 0);
      // The next newcomer queues behind the two still waiting.
      assert.equal(resultOf(await signUp('opp-wait', signupBody(6))).shifts[0].position, 3);
      const again = await server.app.inject({
        method: 'DELETE',
        url: `/admin/signups/${confirmed[0].id}`,
        headers: { authorization: adminHeaders.authorization },
      });
      assert.equal(problemOf(again).code, 'signup_not_found');
      const malformed = await server.app.inject({
        method: 'DELETE',
        url: '/admin/signups/not-a-uuid',
        headers: { authorization: adminHeaders.authorization },
      });
      assert.equal(problemOf(malformed).code, 'signup_not_found');
    });

    test('invalid personal data and answers: 422 with per-field errors, consent first', async () => {
      await create(newOpportunity('opp-invalid'));
      const before = await countRows(server.db.database);
      const cases: [Record<string, unknown>, string, { field: string; code: string }[] | undefined][] = [
        [{ ...signupBody(1), phone: '0812345678' }, 'validation_failed', [{ field: 'phone', code: 'invalid_phone' }]],
        [
          { ...signupBody(1), answers: { languages: 'klingon', 'four-by-four': 'yes', other: 'x' } },
          'validation_failed',
          [
            { field: 'answers.other', code: 'unknown_question' },
            { field: 'answers.four-by-four', code: 'invalid_type' },
            { field: 'answers.languages', code: 'invalid_option' },
          ],
        ],
        [{ ...signupBody(1), answers: {} }, 'validation_failed', [{ field: 'answers.languages', code: 'required' }]],
        [
          { ...signupBody(1), answers: { languages: 'arabic', days: ['saturday', 'monday'] } },
          'validation_failed',
          [{ field: 'answers.days', code: 'invalid_option' }],
        ],
        [
          { ...signupBody(1), answers: { languages: ['arabic'], days: 'saturday' } },
          'validation_failed',
          [
            { field: 'answers.languages', code: 'invalid_type' },
            { field: 'answers.days', code: 'invalid_type' },
          ],
        ],
        [
          { ...signupBody(1), shiftIds: ['night'] },
          'validation_failed',
          [{ field: 'shiftIds.0', code: 'unknown_shift' }],
        ],
        [{ ...signupBody(1), name: '   ' }, 'validation_failed', [{ field: 'name', code: 'required' }]],
        [{ ...signupBody(1), consent: false }, 'consent_required', [{ field: 'consent', code: 'consent_required' }]],
        [{ ...signupBody(1), consent: undefined, email: 42 }, 'consent_required', undefined],
        [{ ...signupBody(1), extra: 1 }, 'validation_failed', [{ field: 'extra', code: 'unknown_field' }]],
        [
          { ...signupBody(1), email: 'not an email' },
          'validation_failed',
          [{ field: 'email', code: 'invalid_format' }],
        ],
      ];
      for (const [body, code, errors] of cases) {
        const response = await signUp('opp-invalid', body);
        assert.equal(response.statusCode, 422, JSON.stringify(body));
        const problem = problemOf(response);
        assert.equal(problem.code, code, response.body);
        if (errors) assert.deepEqual(problem.errors, errors, response.body);
      }
      assert.deepEqual(await countRows(server.db.database), before);
    });

    test('honeypot: a filled `website` gets a plausible 201 and nothing is stored', async () => {
      await create(newOpportunity('opp-honey'));
      const before = await countRows(server.db.database);
      const result = resultOf(await signUp('opp-honey', { ...signupBody(1), website: 'http://spam.example' }));
      assert.equal(result.status, 'confirmed');
      assert.match(result.id, /^[0-9a-f-]{36}$/);
      assert.deepEqual(await countRows(server.db.database), before);
    });

    test('proof of work: a solved challenge is accepted once; replayed, missing or forged → challenge_invalid', async () => {
      await create(newOpportunity('opp-pow', [{ id: 'morning', capacity: 10 }], { spamProtection: 'pow' }));
      const none = await server.app.inject('/opportunities/opp-basic/challenge');
      assert.equal(problemOf(none).code, 'challenge_not_required');
      const solve = async (opportunityId = 'opp-pow') => {
        const response = await server.app.inject(`/opportunities/${opportunityId}/challenge`);
        assert.equal(response.statusCode, 200, response.body);
        assert.equal(response.headers['cache-control'], 'no-store');
        const challenge = response.json<Challenge>() as unknown as Parameters<typeof solveChallenge>[0]['challenge'];
        const solution = await solveChallenge({ challenge, deriveKey });
        assert.ok(solution);
        return { challenge, solution, altcha: Buffer.from(JSON.stringify({ challenge, solution })).toString('base64') };
      };
      const { altcha, challenge, solution } = await solve();
      resultOf(await signUp('opp-pow', { ...signupBody(1), altcha }));
      const replay = await signUp('opp-pow', { ...signupBody(2), altcha });
      assert.equal(problemOf(replay).code, 'challenge_invalid');
      const before = await countRows(server.db.database);
      const forgedKey = { ...solution, derivedKey: 'ab'.repeat(32) };
      const tampered = { ...challenge, parameters: { ...challenge.parameters, cost: 2 } };
      const otherOpportunity = (await solve(DEMO_OPPORTUNITY)).altcha;
      for (const bad of [
        undefined,
        '',
        'not base64 json',
        Buffer.from(JSON.stringify({ challenge, solution: forgedKey })).toString('base64'),
        Buffer.from(JSON.stringify({ challenge: tampered, solution })).toString('base64'),
        Buffer.from(JSON.stringify({ challenge: { ...challenge, signature: 'ab'.repeat(32) }, solution })).toString(
          'base64',
        ),
        Buffer.from('{"challenge":{"parameters":{}},"solution":{}}').toString('base64'),
        otherOpportunity,
      ]) {
        const response = await signUp('opp-pow', { ...signupBody(3), ...(bad === undefined ? {} : { altcha: bad }) });
        assert.equal(response.statusCode, 422, String(bad));
        assert.equal(problemOf(response).code, 'challenge_invalid');
      }
      // Only the idempotency keys holding those answers were written.
      const after = await countRows(server.db.database);
      assert.deepEqual({ ...after, idempotency_keys: before.idempotency_keys }, before);
      resultOf(await signUp('opp-pow', { ...signupBody(3), altcha: (await solve()).altcha }));
    });

    test('origins: unlisted or missing → 403 before the body is read; preflights answer any origin', async () => {
      const before = await countRows(server.db.database);
      const url = `/opportunities/opp-basic/signups`;
      for (const origin of ['https://evil.example', undefined, 'null', 'http://localhost:8080.evil.example']) {
        // A preflight carries no data: 204 for any origin, so that the refusal of the write itself is readable.
        const preflight = await server.app.inject({
          method: 'OPTIONS',
          url,
          headers: {
            ...(origin ? { origin } : {}),
            'access-control-request-method': 'POST',
            'access-control-request-headers': 'content-type,idempotency-key',
          },
        });
        assert.equal(preflight.statusCode, 204, String(origin));
        assert.equal(preflight.headers['access-control-allow-origin'], origin, String(origin));
        const simple = await server.app.inject({
          method: 'POST',
          url,
          headers: { ...(origin ? { origin } : {}), 'content-type': 'text/plain', 'idempotency-key': 'k' },
          payload: JSON.stringify(signupBody(90)),
        });
        assert.equal(simple.statusCode, 403, String(origin));
        assert.equal(problemOf(simple).code, 'origin_not_allowed');
        const json = await signUp('opp-basic', signupBody(91), { origin });
        assert.equal(json.statusCode, 403);
        assert.equal(problemOf(json).code, 'origin_not_allowed');
        assert.equal(json.headers['access-control-allow-origin'], origin, String(origin));
      }
      assert.deepEqual(await countRows(server.db.database), before);

      const allowed = await server.app.inject({
        method: 'OPTIONS',
        url,
        headers: { origin: 'https://partner.example.org', 'access-control-request-method': 'POST' },
      });
      assert.equal(allowed.statusCode, 204);
      assert.equal(allowed.headers['access-control-allow-origin'], 'https://partner.example.org');
      assert.match(String(allowed.headers['access-control-allow-headers']), /Idempotency-Key/);
      assert.equal(allowed.headers['access-control-allow-methods'], 'POST');
      assert.match(String(allowed.headers.vary), /Origin/);
      assert.equal(allowed.headers['access-control-allow-credentials'], undefined);
      // The API's own origin (the demo pages it serves) may always write.
      const own = await signUp('opp-basic', signupBody(92), { origin: 'http://localhost:80', host: 'localhost:80' });
      resultOf(own);
      // A listed origin with text/plain passes the origin check and is then refused as a media type.
      const textPlain = await signUp('opp-basic', JSON.stringify(signupBody(93)), { 'content-type': 'text/plain' });
      assert.equal(textPlain.statusCode, 415);
    });

    test('every answer to a write, refusals included, is readable by the requesting origin', async () => {
      await create(newOpportunity('opp-cors', [{ id: 'morning', capacity: 1 }]));
      const evil = 'https://evil.example';
      const answers: [string, LightMyRequestResponse][] = [
        ['201', await signUp('opp-cors', signupBody(1))],
        ['403 origin_not_allowed', await signUp('opp-cors', signupBody(2), { origin: evil })],
        ['404 unknown opportunity', await signUp('opp-none', signupBody(2), { origin: evil })],
        ['404 bad id', await signUp('bad%00id', signupBody(2), { origin: evil })],
        ['400 no key', await signUp('opp-cors', signupBody(2), { 'idempotency-key': undefined })],
        ['409 already_signed_up', await signUp('opp-cors', signupBody(1))],
        ['409 shift_full', await signUp('opp-cors', signupBody(3))],
        ['422 validation_failed', await signUp('opp-cors', { ...signupBody(4), email: 'nope' })],
        ['413 too large', await signUp('opp-cors', { ...signupBody(5), name: 'x'.repeat(70_000) })],
        ['415', await signUp('opp-cors', JSON.stringify(signupBody(6)), { 'content-type': 'text/plain' })],
      ];
      const statuses = answers.map(([, response]) => response.statusCode);
      assert.deepEqual(statuses, [201, 403, 404, 404, 400, 409, 409, 422, 413, 415]);
      for (const [what, response] of answers) {
        const origin = what.startsWith('40') && /origin|unknown|bad id/.test(what) ? evil : ALLOWED_ORIGIN;
        assert.equal(response.headers['access-control-allow-origin'], origin, what);
        assert.match(String(response.headers['access-control-expose-headers']), /Retry-After/, what);
        assert.match(String(response.headers.vary), /Origin/, what);
        assert.equal(response.headers['access-control-allow-credentials'], undefined, what);
      }
    });

    test('CSV export: BOM, quoting, formulas neutralised, one line per shift', async () => {
      await create(
        newOpportunity('opp-csv', [
          { id: 'morning', capacity: 5 },
          { id: 'evening', capacity: 5 },
        ]),
      );
      resultOf(
        await signUp('opp-csv', {
          ...signupBody(1, ['morning', 'evening']),
          name: '=HYPERLINK("http://evil.example","Cliquez")',
          city: 'Tounfite, Midelt',
          answers: { languages: 'arabic', notes: '@SUM(1+1)\nsecond line', days: ['saturday', 'sunday'] },
        }),
      );
      const response = await server.app.inject({
        url: '/admin/opportunities/opp-csv/signups.csv',
        headers: { authorization: adminHeaders.authorization },
      });
      assert.equal(response.statusCode, 200);
      assert.match(String(response.headers['content-type']), /^text\/csv; charset=utf-8/);
      assert.match(String(response.headers['content-disposition']), /attachment/);
      assert.ok(response.rawPayload.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf])), 'UTF-8 BOM');
      const text = response.body.slice(1);
      assert.ok(text.startsWith('signup_id,'));
      assert.ok(text.includes(`"'=HYPERLINK(""http://evil.example"",""Cliquez"")"`));
      assert.ok(text.includes('"Tounfite, Midelt"'));
      assert.ok(text.includes(',saturday; sunday,'), 'a multi answer is one cell');
      assert.ok(text.includes(`"'@SUM(1+1)\nsecond line"`));
      assert.equal(text.split('\r\n').filter(Boolean).length, 3);
      const unauthorised = await server.app.inject('/admin/opportunities/opp-csv/signups.csv');
      assert.equal(unauthorised.statusCode, 401);
      const missing = await server.app.inject({
        url: '/admin/opportunities/nope/signups.csv',
        headers: { authorization: adminHeaders.authorization },
      });
      assert.equal(problemOf(missing).code, 'opportunity_not_found');
    });

    test('retention purge: personal data of old signups erased, counts kept', async () => {
      await create(
        newOpportunity('opp-purge', [
          { id: 'old', capacity: 5 },
          { id: 'recent', capacity: 5 },
        ]),
      );
      const old = resultOf(
        await signUp('opp-purge', { ...signupBody(1, ['old']), phone: '0612345678', city: 'Tounfite' }),
      );
      const recent = resultOf(await signUp('opp-purge', signupBody(2, ['recent'])));
      // The "old" shift took place 13 months ago, the recent one 2 months ago.
      const monthsAgo = (months: number) => sql<Date>`now() - make_interval(months => ${months})`;
      await server.db.database.db
        .updateTable('shifts')
        .set({ starts_at: monthsAgo(13), ends_at: monthsAgo(13) })
        .where('opportunity_id', '=', 'opp-purge')
        .where('id', '=', 'old')
        .execute();
      await server.db.database.db
        .updateTable('shifts')
        .set({ starts_at: monthsAgo(2), ends_at: monthsAgo(2) })
        .where('opportunity_id', '=', 'opp-purge')
        .where('id', '=', 'recent')
        .execute();
      const purge = (body: unknown) =>
        server.app.inject({ method: 'POST', url: '/admin/purge', headers: adminHeaders, payload: body as object });
      const byDefault = await purge({});
      assert.equal(byDefault.statusCode, 200, byDefault.body);
      assert.ok(Value.Check(PurgeResult, byDefault.json()));
      assert.equal(byDefault.json<PurgeResult>().anonymisedSignups, 1);
      const rows = await server.db.database.db
        .selectFrom('signups')
        .selectAll()
        .where('opportunity_id', '=', 'opp-purge')
        .orderBy('created_at')
        .execute();
      const [purged, kept] = [rows.find((row) => row.id === old.id)!, rows.find((row) => row.id === recent.id)!];
      assert.deepEqual(
        [purged.name, purged.email, purged.phone, purged.city, purged.skills, purged.answers],
        [null, null, null, null, null, null],
      );
      assert.ok(purged.purged_at);
      assert.equal(purged.status, 'confirmed');
      assert.equal(kept.email, 'volunteer2@example.org');
      const copies = await server.db.database.db
        .selectFrom('signup_shifts')
        .select(['email', 'phone'])
        .where('signup_id', '=', old.id)
        .execute();
      assert.deepEqual(copies, [{ email: null, phone: null }]);
      assert.deepEqual(await remaining('opp-purge'), { old: 4, recent: 4 });
      // A shorter period given explicitly reaches the recent one too.
      assert.equal((await purge({ months: 1 })).json<PurgeResult>().anonymisedSignups, 1);
      assert.equal((await purge({ months: -1 })).statusCode, 422);
    });

    test('closed opportunities and started shifts take no signups', async () => {
      await create(newOpportunity('opp-closed', undefined, { status: 'closed' }));
      assert.equal(problemOf(await signUp('opp-closed', signupBody(1))).code, 'opportunity_closed');
      await create(newOpportunity('opp-started'));
      await server.db.database.db
        .updateTable('shifts')
        .set({ starts_at: new Date(Date.now() - 3_600_000) })
        .where('opportunity_id', '=', 'opp-started')
        .execute();
      const response = await signUp('opp-started', signupBody(1));
      assert.equal(problemOf(response).code, 'shift_closed');
      assert.deepEqual(problemOf(response).shiftIds, ['morning']);
    });

    test('admin create: duplicates and inconsistent shifts are refused', async () => {
      const duplicate = await server.app.inject({
        method: 'POST',
        url: '/admin/opportunities',
        headers: adminHeaders,
        payload: newOpportunity('opp-basic'),
      });
      assert.equal(problemOf(duplicate).code, 'opportunity_exists');
      const inconsistent = newOpportunity('opp-bad', [
        { id: 'a', capacity: 1 },
        { id: 'a', capacity: 1 },
      ]);
      inconsistent.shifts[1].endsAt = inconsistent.shifts[1].startsAt;
      const response = await server.app.inject({
        method: 'POST',
        url: '/admin/opportunities',
        headers: adminHeaders,
        payload: inconsistent,
      });
      assert.equal(response.statusCode, 422);
      assert.deepEqual(problemOf(response).errors, [
        { field: 'shifts.1.id', code: 'duplicate' },
        { field: 'shifts.1.endsAt', code: 'before_start' },
      ]);
      const unauthorised = await server.app.inject({
        method: 'POST',
        url: '/admin/opportunities',
        payload: newOpportunity('x'),
      });
      assert.equal(unauthorised.statusCode, 401);
    });
  });
}

describe('signup rate limit', () => {
  test('the signups route has its own, stricter limit', async () => {
    const db = await backends[0].open();
    const app = await testApp(db.database, { signupRateLimit: { max: 2, timeWindowMs: 60_000 } });
    try {
      const statuses: number[] = [];
      for (let n = 0; n < 4; n++) {
        const response = await app.inject({
          method: 'POST',
          url: `/opportunities/${DEMO_OPPORTUNITY}/signups`,
          headers: { origin: ALLOWED_ORIGIN, 'idempotency-key': `rate-${n}` },
          payload: { ...signupBody(n, ['tighdouine-distribution']) },
        });
        statuses.push(response.statusCode);
        if (response.statusCode === 429) {
          assert.equal(problemOf(response).code, 'rate_limited');
          assert.ok(response.headers['retry-after']);
        }
      }
      // The demo asks for proof of work, so the first two fail with 422; the next are limited.
      assert.deepEqual(statuses, [422, 422, 429, 429]);
      assert.equal((await app.inject(`/opportunities/${DEMO_OPPORTUNITY}`)).statusCode, 200);
    } finally {
      await app.close();
      await db.close();
    }
  });
});
