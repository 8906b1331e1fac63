import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Value } from 'typebox/value';
import { Campaign } from '../../server/src/schemas/campaigns.js';
import { ADMIN_TOKEN, adminHeaders, backends, countRows, DEMO_CAMPAIGN, problemOf, useApp } from './helper.js';

const donationsUrl = `/admin/campaigns/${DEMO_CAMPAIGN}/donations`;

const newCampaign = (id: string) => ({
  id,
  title: { fr: 'Cartables pour Agoudim', ar: 'محافظ لتلاميذ أكوديم' },
  association: { id: 'amal-tounfite', name: { fr: 'Association Amal' }, city: { fr: 'Tounfite', ar: 'تونفيت' } },
  goal: 2_000_000,
  startsAt: new Date(Date.now() - 86_400_000).toISOString(),
  endsAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
  donateUrl: 'https://example.org/donate',
  milestones: [{ amount: 1_000_000, label: 'Moitié' }],
  items: [{ id: 'schoolbags', label: { fr: 'Cartables' }, needed: 120 }],
});

for (const backend of backends) {
  describe(`admin API on ${backend.name}`, { skip: backend.skip }, () => {
    const server = useApp(backend);

    test('a donation answers 201 with the campaign, raised and donors updated', async () => {
      const before = (await server.app.inject(`/campaigns/${DEMO_CAMPAIGN}`)).json<Campaign>();
      const response = await server.app.inject({
        method: 'POST',
        url: donationsUrl,
        headers: adminHeaders,
        payload: { amount: 25_000, currency: 'MAD', source: 'cash', donorName: 'Itto' },
      });
      assert.equal(response.statusCode, 201);
      const campaign = response.json<Campaign>();
      assert.ok(Value.Check(Campaign, campaign));
      assert.equal(campaign.raised, before.raised + 25_000);
      assert.equal(campaign.donors, before.donors + 1);
      assert.ok(campaign.updatedAt > before.updatedAt);
    });

    test('a receipt answers 201 and raises the item received count', async () => {
      const response = await server.app.inject({
        method: 'POST',
        url: `/admin/campaigns/${DEMO_CAMPAIGN}/items/blankets/receipts`,
        headers: adminHeaders,
        payload: { quantity: 20 },
      });
      assert.equal(response.statusCode, 201);
      assert.equal(response.json<Campaign>().items?.find((item) => item.id === 'blankets')?.received, 340);
    });

    test('unknown campaign or item is a 404 problem and writes nothing', async () => {
      const before = await countRows(server.db.database);
      const missingCampaign = await server.app.inject({
        method: 'POST',
        url: '/admin/campaigns/nope/donations',
        headers: adminHeaders,
        payload: { amount: 100 },
      });
      assert.equal(missingCampaign.statusCode, 404);
      assert.equal(problemOf(missingCampaign).code, 'campaign_not_found');
      const missingItem = await server.app.inject({
        method: 'POST',
        url: `/admin/campaigns/${DEMO_CAMPAIGN}/items/tents/receipts`,
        headers: adminHeaders,
        payload: { quantity: 1 },
      });
      assert.equal(missingItem.statusCode, 404);
      assert.equal(problemOf(missingItem).code, 'item_not_found');
      assert.deepEqual(await countRows(server.db.database), before);
    });

    test('a donation in another currency is refused', async () => {
      const response = await server.app.inject({
        method: 'POST',
        url: donationsUrl,
        headers: adminHeaders,
        payload: { amount: 100, currency: 'EUR' },
      });
      assert.equal(response.statusCode, 422);
      assert.equal(problemOf(response).code, 'currency_mismatch');
    });

    test('a missing or wrong token is a 401 problem and nothing is written', async () => {
      const before = await countRows(server.db.database);
      for (const authorization of [undefined, 'Bearer wrong', `Basic ${ADMIN_TOKEN}`, 'Bearer ', ADMIN_TOKEN]) {
        const headers: Record<string, string> = { 'content-type': 'application/json' };
        if (authorization !== undefined) headers.authorization = authorization;
        for (const [url, payload] of [
          [donationsUrl, { amount: 100 }],
          [`/admin/campaigns/${DEMO_CAMPAIGN}/items/blankets/receipts`, { quantity: 1 }],
          ['/admin/campaigns', newCampaign('unauthorised-campaign')],
        ] as const) {
          const response = await server.app.inject({ method: 'POST', url, headers, payload });
          assert.equal(response.statusCode, 401, `${authorization} on ${url}`);
          assert.equal(problemOf(response).code, 'unauthorized');
          assert.equal(response.headers['www-authenticate'], 'Bearer');
        }
      }
      assert.deepEqual(await countRows(server.db.database), before);
    });

    test('invalid bodies are 422 validation_failed with per-field errors', async () => {
      const cases: [unknown, { field: string; code: string }][] = [
        [{}, { field: 'amount', code: 'required' }],
        [{ amount: '100' }, { field: 'amount', code: 'invalid_type' }],
        [{ amount: 10.5 }, { field: 'amount', code: 'invalid_type' }],
        [{ amount: 0 }, { field: 'amount', code: 'too_small' }],
        [{ amount: 1e12 }, { field: 'amount', code: 'too_large' }],
        [
          { amount: 100, tip: 5 },
          { field: 'tip', code: 'unknown_field' },
        ],
        [
          { amount: 100, source: 'bitcoin' },
          { field: 'source', code: 'invalid_value' },
        ],
        [
          { amount: 100, currency: 'mad' },
          { field: 'currency', code: 'invalid_format' },
        ],
        [
          { amount: 100, donorName: 'A\u0000B' },
          { field: 'donorName', code: 'invalid_characters' },
        ],
        [[100], { field: '', code: 'invalid_type' }],
      ];
      for (const [payload, expected] of cases) {
        const response = await server.app.inject({
          method: 'POST',
          url: donationsUrl,
          headers: adminHeaders,
          payload: JSON.stringify(payload),
        });
        assert.equal(response.statusCode, 422, JSON.stringify(payload));
        const problem = problemOf(response);
        assert.equal(problem.code, 'validation_failed');
        assert.ok(
          problem.errors?.some((error) => error.field === expected.field && error.code === expected.code),
          `${JSON.stringify(payload)} → ${JSON.stringify(problem.errors)}`,
        );
      }
    });

    test('malformed JSON is 400 invalid_json, a prototype key too', async () => {
      for (const payload of ['{"amount":', '{"amount": 100,}', '{"__proto__": {"amount": 1}, "amount": 100}', '']) {
        const response = await server.app.inject({ method: 'POST', url: donationsUrl, headers: adminHeaders, payload });
        assert.equal(response.statusCode, 400, payload);
        assert.equal(problemOf(response).code, 'invalid_json');
      }
    });

    test('other media types are 415', async () => {
      const response = await server.app.inject({
        method: 'POST',
        url: donationsUrl,
        headers: { authorization: adminHeaders.authorization, 'content-type': 'text/plain' },
        payload: 'amount=100',
      });
      assert.equal(response.statusCode, 415);
      assert.equal(problemOf(response).code, 'unsupported_media_type');
    });

    test('a body over 64 KB is 413', async () => {
      const payload = JSON.stringify({ amount: 100, donorName: 'x'.repeat(70_000) });
      const response = await server.app.inject({ method: 'POST', url: donationsUrl, headers: adminHeaders, payload });
      assert.equal(response.statusCode, 413);
      assert.equal(problemOf(response).code, 'payload_too_large');
    });

    test('creating a campaign answers 201, a second time 409', async () => {
      const response = await server.app.inject({
        method: 'POST',
        url: '/admin/campaigns',
        headers: adminHeaders,
        payload: newCampaign('schoolbags-agoudim'),
      });
      assert.equal(response.statusCode, 201, response.body);
      const campaign = response.json<Campaign>();
      assert.ok(Value.Check(Campaign, campaign));
      assert.deepEqual([campaign.raised, campaign.status, campaign.items?.[0]?.received], [0, 'active', 0]);
      assert.deepEqual(campaign.association.city, { fr: 'Tounfite', ar: 'تونفيت' }, 'a city in each language');
      assert.equal((await server.app.inject('/campaigns/schoolbags-agoudim')).statusCode, 200);
      const again = await server.app.inject({
        method: 'POST',
        url: '/admin/campaigns',
        headers: adminHeaders,
        payload: newCampaign('schoolbags-agoudim'),
      });
      assert.equal(again.statusCode, 409);
      assert.equal(problemOf(again).code, 'campaign_exists');
    });

    test('an inconsistent campaign is refused field by field', async () => {
      const payload = {
        ...newCampaign('inconsistent'),
        endsAt: '2020-01-01T00:00:00Z',
        items: [
          { id: 'a', label: 'A', needed: 1 },
          { id: 'a', label: 'A again', needed: 2 },
        ],
      };
      const response = await server.app.inject({
        method: 'POST',
        url: '/admin/campaigns',
        headers: adminHeaders,
        payload,
      });
      assert.equal(response.statusCode, 422);
      assert.deepEqual(problemOf(response).errors, [
        { field: 'endsAt', code: 'before_start' },
        { field: 'items.1.id', code: 'duplicate' },
      ]);
    });

    test('concurrent donations are all counted', async () => {
      const before = (await server.app.inject(`/campaigns/${DEMO_CAMPAIGN}`)).json<Campaign>();
      const count = 40;
      const responses = await Promise.all(
        Array.from({ length: count }, (_, index) =>
          server.app.inject({
            method: 'POST',
            url: donationsUrl,
            headers: adminHeaders,
            payload: { amount: 100 + index },
          }),
        ),
      );
      assert.ok(responses.every((response) => response.statusCode === 201));
      const after = (await server.app.inject(`/campaigns/${DEMO_CAMPAIGN}`)).json<Campaign>();
      assert.equal(after.donors, before.donors + count);
      assert.equal(after.raised, before.raised + count * 100 + (count * (count - 1)) / 2);
      const history = (await server.app.inject(`/campaigns/${DEMO_CAMPAIGN}/history`)).json<{
        points: { raised: number }[];
      }>();
      assert.equal(history.points.at(-1)?.raised, after.raised, 'counters agree with the donation rows');
    });
  });
}

describe('rate limit', () => {
  const server = useApp(backends[0], { rateLimit: { max: 3, timeWindowMs: 60_000 } });

  test('answers 429 rate_limited with Retry-After once the limit is reached', async () => {
    for (let i = 0; i < 3; i++) assert.equal((await server.app.inject(`/campaigns/${DEMO_CAMPAIGN}`)).statusCode, 200);
    const limited = await server.app.inject(`/campaigns/${DEMO_CAMPAIGN}`);
    assert.equal(limited.statusCode, 429);
    assert.equal(problemOf(limited).code, 'rate_limited');
    assert.ok(Number(limited.headers['retry-after']) > 0);
  });
});
