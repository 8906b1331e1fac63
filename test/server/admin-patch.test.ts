import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { Value } from 'typebox/value';
import { Campaign } from '../../server/src/schemas/campaigns.js';
import { AdminOpportunity, type Opportunity, type SignupResult } from '../../server/src/schemas/opportunities.js';
import {
  ADMIN_TOKEN,
  adminHeaders,
  ALLOWED_ORIGIN,
  backends,
  DEMO_CAMPAIGN,
  newOpportunity,
  openEventStream,
  signupBody,
  useApp,
  problemOf,
} from './helper.js';

const DAY_MS = 86_400_000;
const WEBMASTER = 'https://www.webmaster.example.ma';

for (const backend of backends) {
  describe(`admin PATCH on ${backend.name}`, { skip: backend.skip }, () => {
    const server = useApp(backend);

    const create = async (body: Record<string, unknown>) => {
      const response = await server.app.inject({
        method: 'POST',
        url: '/admin/opportunities',
        headers: adminHeaders,
        payload: body,
      });
      assert.equal(response.statusCode, 201, response.body);
    };
    const patch = (url: string, payload: unknown, headers: Record<string, string> = adminHeaders) =>
      server.app.inject({ method: 'PATCH', url, headers, payload: payload as Record<string, unknown> });
    const signUp = (opportunityId: string, payload: unknown, origin = ALLOWED_ORIGIN) =>
      server.app.inject({
        method: 'POST',
        url: `/opportunities/${opportunityId}/signups`,
        headers: { origin, 'idempotency-key': crypto.randomUUID() },
        payload: payload as Record<string, unknown>,
      });
    const publicOpportunity = async (id: string) =>
      (await server.app.inject(`/opportunities/${id}`)).json<Opportunity>();

    test('allowedOrigins replaced: the new site may send signups, the removed one gets 403', async () => {
      await create(newOpportunity('patch-origins'));
      assert.equal(problemOf(await signUp('patch-origins', signupBody(1), WEBMASTER)).code, 'origin_not_allowed');
      const response = await patch('/admin/opportunities/patch-origins', { allowedOrigins: [WEBMASTER] });
      assert.equal(response.statusCode, 200, response.body);
      const changed = response.json<AdminOpportunity>();
      assert.ok(Value.Check(AdminOpportunity, changed), response.body);
      assert.deepEqual(changed.allowedOrigins, [WEBMASTER]);
      assert.equal((await signUp('patch-origins', signupBody(1), WEBMASTER)).statusCode, 201);
      assert.equal(problemOf(await signUp('patch-origins', signupBody(2))).code, 'origin_not_allowed');
      // The admin read shows the list; the public one never does.
      const read = await server.app.inject({ url: '/admin/opportunities/patch-origins', headers: adminHeaders });
      assert.deepEqual(read.json<AdminOpportunity>().allowedOrigins, [WEBMASTER]);
      assert.equal('allowedOrigins' in (await publicOpportunity('patch-origins')), false);
      const bad = await patch('/admin/opportunities/patch-origins', { allowedOrigins: ['https://site.example/page'] });
      assert.deepEqual(problemOf(bad).errors, [{ field: 'allowedOrigins.0', code: 'invalid_format' }]);
    });

    test('title, description and status change alone; a closed opportunity refuses signups until reopened', async () => {
      await create(newOpportunity('patch-texts', undefined, { description: { fr: 'Avant' } }));
      const closed = await patch('/admin/opportunities/patch-texts', { status: 'closed', description: null });
      assert.equal(closed.statusCode, 200, closed.body);
      const body = closed.json<AdminOpportunity>();
      assert.equal(body.status, 'closed');
      assert.equal(body.description, undefined);
      assert.deepEqual(body.title, newOpportunity('patch-texts').title);
      assert.equal(problemOf(await signUp('patch-texts', signupBody(1))).code, 'opportunity_closed');
      await patch('/admin/opportunities/patch-texts', { status: 'open', title: { fr: 'Nouveau titre' } });
      const reopened = await publicOpportunity('patch-texts');
      assert.deepEqual(reopened.title, { fr: 'Nouveau titre' });
      assert.equal((await signUp('patch-texts', signupBody(1))).statusCode, 201);
    });

    test('a closed shift answers 409 shift_closed with its id; the other shifts still take signups', async () => {
      await create(
        newOpportunity('patch-shift', [
          { id: 'morning', capacity: 5 },
          { id: 'evening', capacity: 5 },
        ]),
      );
      const response = await patch('/admin/opportunities/patch-shift', { shifts: [{ id: 'morning', closed: true }] });
      assert.equal(response.statusCode, 200, response.body);
      const shifts = (await publicOpportunity('patch-shift')).shifts;
      assert.deepEqual(
        shifts.map((shift) => [shift.id, shift.closed ?? false]),
        [
          ['morning', true],
          ['evening', false],
        ],
      );
      const refused = await signUp('patch-shift', signupBody(1, ['morning', 'evening']));
      assert.equal(refused.statusCode, 409);
      assert.equal(problemOf(refused).code, 'shift_closed');
      assert.deepEqual(problemOf(refused).shiftIds, ['morning']);
      assert.equal((await signUp('patch-shift', signupBody(1, ['evening']))).statusCode, 201);
      await patch('/admin/opportunities/patch-shift', { shifts: [{ id: 'morning', closed: false }] });
      assert.equal((await signUp('patch-shift', signupBody(2, ['morning']))).statusCode, 201);
    });

    test('a shift is added; a raised capacity goes to the waitlist first, in arrival order', async () => {
      await create(newOpportunity('patch-capacity', [{ id: 'morning', capacity: 1, waitlist: true }]));
      const results: SignupResult[] = [];
      for (const n of [1, 2, 3]) results.push((await signUp('patch-capacity', signupBody(n))).json<SignupResult>());
      assert.deepEqual(
        results.map((result) => result.status),
        ['confirmed', 'waitlisted', 'waitlisted'],
      );
      const startsAt = new Date(Date.now() + 10 * DAY_MS).toISOString();
      const endsAt = new Date(Date.now() + 10 * DAY_MS + 3_600_000).toISOString();
      const response = await patch('/admin/opportunities/patch-capacity', {
        shifts: [
          { id: 'morning', capacity: 2 },
          { id: 'extra', startsAt, endsAt, capacity: 4, place: { fr: 'Anefgou' } },
        ],
      });
      assert.equal(response.statusCode, 200, response.body);
      const [morning, extra] = response.json<AdminOpportunity>().shifts;
      assert.deepEqual([morning.capacity, morning.remaining], [2, 0]);
      assert.deepEqual([extra.id, extra.startsAt, extra.capacity, extra.remaining], ['extra', startsAt, 4, 4]);
      const statuses = await server.db.database.db
        .selectFrom('signups')
        .select(['email', 'status'])
        .where('opportunity_id', '=', 'patch-capacity')
        .orderBy('email')
        .execute();
      assert.deepEqual(
        statuses.map((row) => row.status),
        ['confirmed', 'confirmed', 'waitlisted'],
      );
      // A new signup joins the waitlist behind the third person instead of taking a place before them.
      assert.equal((await signUp('patch-capacity', signupBody(4))).json<SignupResult>().status, 'waitlisted');
      assert.equal((await signUp('patch-capacity', signupBody(5, ['extra']))).statusCode, 201);
    });

    test('inconsistent changes are 422 with the fields, and nothing changes', async () => {
      await create(newOpportunity('patch-invalid', [{ id: 'morning', capacity: 3 }]));
      for (const n of [1, 2]) assert.equal((await signUp('patch-invalid', signupBody(n))).statusCode, 201);
      const response = await patch('/admin/opportunities/patch-invalid', {
        title: { fr: 'Jamais écrit' },
        shifts: [
          { id: 'morning', capacity: 1, startsAt: new Date().toISOString() },
          { id: 'new-shift', capacity: 2 },
        ],
      });
      assert.equal(response.statusCode, 422);
      assert.deepEqual(problemOf(response).errors, [
        { field: 'shifts.0.startsAt', code: 'read_only' },
        { field: 'shifts.0.capacity', code: 'below_confirmed' },
        { field: 'shifts.1.startsAt', code: 'required' },
        { field: 'shifts.1.endsAt', code: 'required' },
      ]);
      const unchanged = await publicOpportunity('patch-invalid');
      assert.deepEqual(unchanged.title, newOpportunity('patch-invalid').title);
      assert.equal(unchanged.shifts.length, 1);
      const empty = await patch('/admin/opportunities/patch-invalid', {});
      assert.equal(problemOf(empty).code, 'validation_failed');
      const unknownField = await patch('/admin/opportunities/patch-invalid', { id: 'renamed' });
      assert.deepEqual(problemOf(unknownField).errors, [{ field: 'id', code: 'unknown_field' }]);
      const badStatus = await patch('/admin/opportunities/patch-invalid', { status: 'paused' });
      assert.equal(badStatus.statusCode, 422);
    });

    test('unknown ids are 404 and the admin token is required', async () => {
      const missing = await patch('/admin/opportunities/no-such-thing', { status: 'closed' });
      assert.equal(missing.statusCode, 404);
      assert.equal(problemOf(missing).code, 'opportunity_not_found');
      const missingCampaign = await patch('/admin/campaigns/no-such-thing', { goal: 100 });
      assert.equal(problemOf(missingCampaign).code, 'campaign_not_found');
      for (const url of [`/admin/opportunities/patch-invalid`, `/admin/campaigns/${DEMO_CAMPAIGN}`]) {
        const anonymous = await patch(url, { title: 'x' }, { 'content-type': 'application/json' });
        assert.equal(problemOf(anonymous).code, 'unauthorized');
        const wrong = await patch(url, { title: 'x' }, { ...adminHeaders, authorization: `Bearer ${ADMIN_TOKEN}x` });
        assert.equal(wrong.statusCode, 401);
      }
    });

    test('a campaign changes only what is sent, items are changed or added, and open streams hear of it', async () => {
      const before = (await server.app.inject(`/campaigns/${DEMO_CAMPAIGN}`)).json<Campaign>();
      const base = await server.app.listen({ port: 0, host: '127.0.0.1' });
      const stream = await openEventStream(`${base}/campaigns/${DEMO_CAMPAIGN}/events`);
      try {
        await stream.next((event) => event.event === 'progress');
        const response = await patch(`/admin/campaigns/${DEMO_CAMPAIGN}`, {
          goal: 200_000_00,
          donateUrl: null,
          items: [
            { id: 'boots', needed: 300, unit: { fr: 'paires', ar: 'أزواج' } },
            { id: 'gloves', label: { fr: 'Gants' }, needed: 100 },
          ],
        });
        assert.equal(response.statusCode, 200, response.body);
        const campaign = response.json<Campaign>();
        assert.ok(Value.Check(Campaign, campaign), response.body);
        assert.equal(campaign.goal, 200_000_00);
        assert.equal(campaign.donateUrl, undefined);
        assert.deepEqual(campaign.title, before.title);
        assert.equal(campaign.raised, before.raised);
        const boots = campaign.items?.find((item) => item.id === 'boots');
        assert.deepEqual(
          [boots?.needed, boots?.unit, boots?.label],
          [300, { fr: 'paires', ar: 'أزواج' }, before.items?.find((item) => item.id === 'boots')?.label],
        );
        assert.deepEqual(campaign.items?.at(-1), { id: 'gloves', label: { fr: 'Gants' }, needed: 100, received: 0 });
        const pushed = await stream.next(
          (event) => event.event === 'progress' && (JSON.parse(event.data) as Campaign).goal === 200_000_00,
        );
        assert.ok(pushed);
      } finally {
        stream.close();
      }
      // Closing a campaign is ending it now.
      const ended = await patch(`/admin/campaigns/${DEMO_CAMPAIGN}`, { endsAt: new Date().toISOString() });
      assert.equal(ended.json<Campaign>().status, 'ended');
    });

    test('a campaign change that does not hold together is 422 and changes nothing', async () => {
      const before = (await server.app.inject(`/campaigns/${DEMO_CAMPAIGN}`)).json<Campaign>();
      const response = await patch(`/admin/campaigns/${DEMO_CAMPAIGN}`, {
        title: 'Jamais écrit',
        endsAt: new Date(Date.parse(before.startsAt!) - DAY_MS).toISOString(),
        items: [{ id: 'tents', needed: 10 }],
      });
      assert.equal(response.statusCode, 422);
      assert.deepEqual(problemOf(response).errors, [
        { field: 'endsAt', code: 'before_start' },
        { field: 'items.0.label', code: 'required' },
      ]);
      assert.deepEqual((await server.app.inject(`/campaigns/${DEMO_CAMPAIGN}`)).json<Campaign>().title, before.title);
      assert.equal((await patch(`/admin/campaigns/${DEMO_CAMPAIGN}`, { goal: -5 })).statusCode, 422);
      assert.equal((await patch(`/admin/campaigns/${DEMO_CAMPAIGN}`, {})).statusCode, 422);
    });

    test('random changes: an answer or a 4xx problem, never a 5xx, and capacity never below the confirmed places', async () => {
      await create(newOpportunity('patch-fuzz', [{ id: 'morning', capacity: 3, waitlist: true }]));
      for (const n of [1, 2, 3, 4]) await signUp('patch-fuzz', signupBody(n));
      const iso = fc.date({ noInvalidDate: true }).map((date) => date.toISOString());
      const text = fc.oneof(fc.string(), fc.dictionary(fc.constantFrom('ar', 'fr', 'zgh', 'x'), fc.string()));
      const shift = fc.record(
        {
          id: fc.constantFrom('morning', 'added', 'BAD ID'),
          capacity: fc.integer({ min: -2, max: 6 }),
          closed: fc.boolean(),
          waitlist: fc.boolean(),
          startsAt: iso,
          endsAt: iso,
          place: text,
        },
        { requiredKeys: ['id'] },
      );
      const opportunityPatch = fc.record(
        {
          title: text,
          description: fc.option(text),
          status: fc.constantFrom('open', 'closed', 'paused'),
          allowedOrigins: fc.array(fc.constantFrom(WEBMASTER, ALLOWED_ORIGIN, 'ftp://x', 'https://a.ma/b')),
          shifts: fc.array(shift, { maxLength: 3 }),
        },
        { requiredKeys: [] },
      );
      const campaignPatch = fc.record(
        {
          title: text,
          goal: fc.integer({ min: -1, max: 1e9 }),
          startsAt: fc.option(iso),
          endsAt: fc.option(iso),
          donateUrl: fc.option(fc.constantFrom('https://example.org/give', 'javascript:alert(1)')),
          items: fc.array(
            fc.record(
              { id: fc.constantFrom('boots', 'tents'), label: text, needed: fc.integer({ min: -1, max: 500 }) },
              { requiredKeys: ['id'] },
            ),
            { maxLength: 2 },
          ),
        },
        { requiredKeys: [] },
      );
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(
            opportunityPatch.map((body) => ['/admin/opportunities/patch-fuzz', body] as const),
            campaignPatch.map((body) => [`/admin/campaigns/${DEMO_CAMPAIGN}`, body] as const),
            fc.jsonValue().map((body) => ['/admin/opportunities/patch-fuzz', body] as const),
          ),
          async ([url, body]) => {
            const response = await patch(url, body);
            assert.ok(
              response.statusCode === 200 || (response.statusCode >= 400 && response.statusCode < 500),
              response.body,
            );
            if (response.statusCode !== 200) problemOf(response);
          },
        ),
        { numRuns: backend.name === 'pglite' ? 300 : 100 },
      );
      const morning = await server.db.database.db
        .selectFrom('shifts')
        .select(['capacity', 'confirmed'])
        .where('opportunity_id', '=', 'patch-fuzz')
        .where('id', '=', 'morning')
        .executeTakeFirstOrThrow();
      assert.ok(morning.confirmed <= morning.capacity);
    });
  });
}
