import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Value } from 'typebox/value';
import { Campaign, CampaignHistory } from '../../server/src/schemas/campaigns.js';
import type { Problem } from '../../server/src/schemas/common.js';
import { backends, DEMO_CAMPAIGN, problemOf, useApp } from './helper.js';

function assertProblem(
  response: { statusCode: number; headers: Record<string, unknown>; body: string },
  status: number,
  code: string,
) {
  assert.equal(response.statusCode, status);
  const body = problemOf(response);
  assert.equal(body.code, code);
  assert.equal(body.status, status);
}

for (const backend of backends) {
  describe(`campaign reads on ${backend.name}`, { skip: backend.skip }, () => {
    const server = useApp(backend);

    test('the demo campaign matches the Campaign schema and is active with days left', async () => {
      const response = await server.app.inject(`/campaigns/${DEMO_CAMPAIGN}`);
      assert.equal(response.statusCode, 200);
      const campaign = response.json<Campaign>();
      assert.ok(Value.Check(Campaign, campaign), [...Value.Errors(Campaign, campaign)].map((e) => e.message).join());
      assert.equal(campaign.status, 'active');
      assert.equal(campaign.currency, 'MAD');
      assert.equal(campaign.goal, 15_000_000);
      assert.ok(campaign.raised > 0 && campaign.raised < campaign.goal);
      assert.ok(campaign.donors > 50);
      assert.ok(Date.parse(campaign.endsAt!) > Date.now() + 7 * 86_400_000);
      const blankets = campaign.items?.find((item) => item.id === 'blankets');
      assert.deepEqual([blankets?.needed, blankets?.received], [500, 320]);
      assert.equal(typeof campaign.title === 'object' && campaign.title.ar.length > 0, true);
    });

    test('the ended and upcoming demo campaigns report their status', async () => {
      const ended = (await server.app.inject('/campaigns/ramadan-baskets-tounfite')).json<Campaign>();
      const upcoming = (await server.app.inject('/campaigns/school-kits-tounfite')).json<Campaign>();
      assert.equal(ended.status, 'ended');
      assert.equal(upcoming.status, 'upcoming');
      assert.equal(upcoming.raised, 0);
    });

    test('history is cumulative, per day and per week, and ends at the total raised', async () => {
      const campaign = (await server.app.inject(`/campaigns/${DEMO_CAMPAIGN}`)).json<Campaign>();
      for (const interval of ['day', 'week']) {
        const response = await server.app.inject(`/campaigns/${DEMO_CAMPAIGN}/history?interval=${interval}`);
        assert.equal(response.statusCode, 200);
        const history = response.json<CampaignHistory>();
        assert.ok(Value.Check(CampaignHistory, history));
        assert.equal(history.currency, 'MAD');
        const raised = history.points.map((point) => point.raised);
        assert.deepEqual(
          raised,
          [...raised].sort((a, b) => a - b),
          'cumulative means never decreasing',
        );
        assert.equal(raised.at(-1), campaign.raised);
        if (interval === 'day') assert.ok(history.points.length >= 24);
      }
      const upcoming = (await server.app.inject('/campaigns/school-kits-tounfite/history')).json<CampaignHistory>();
      assert.deepEqual(upcoming.points, []);
    });

    test('an unknown interval is a validation problem', async () => {
      const response = await server.app.inject(`/campaigns/${DEMO_CAMPAIGN}/history?interval=year`);
      assertProblem(response, 422, 'validation_failed');
      assert.deepEqual(response.json<Problem>().errors?.[0]?.field, 'interval');
    });

    test('an unknown campaign is a 404 campaign_not_found problem on every read', async () => {
      for (const path of [
        '/campaigns/nope',
        '/campaigns/nope/history',
        '/campaigns/nope/events',
        '/campaigns/NOT%20AN%20ID',
      ]) {
        assertProblem(await server.app.inject(path), 404, 'campaign_not_found');
      }
    });

    test('an unknown route is a 404 not_found problem', async () => {
      assertProblem(await server.app.inject('/nothing/here'), 404, 'not_found');
      assertProblem(
        await server.app.inject({ method: 'DELETE', url: `/campaigns/${DEMO_CAMPAIGN}` }),
        404,
        'not_found',
      );
    });

    test('reads carry an ETag and Cache-Control, and If-None-Match gives 304', async () => {
      const first = await server.app.inject(`/campaigns/${DEMO_CAMPAIGN}`);
      const etag = String(first.headers.etag);
      assert.match(etag, /^"[\w-]+"$/);
      assert.match(String(first.headers['cache-control']), /public, max-age=\d+/);
      const again = await server.app.inject({ url: `/campaigns/${DEMO_CAMPAIGN}`, headers: { 'if-none-match': etag } });
      assert.equal(again.statusCode, 304);
      assert.equal(again.body, '');
      const weak = await server.app.inject({
        url: `/campaigns/${DEMO_CAMPAIGN}`,
        headers: { 'if-none-match': `W/${etag}` },
      });
      assert.equal(weak.statusCode, 304);
      const stale = await server.app.inject({
        url: `/campaigns/${DEMO_CAMPAIGN}`,
        headers: { 'if-none-match': '"old"' },
      });
      assert.equal(stale.statusCode, 200);
    });

    test('reads are open to any origin without credentials and expose ETag; admin routes are not', async () => {
      const read = await server.app.inject({
        url: `/campaigns/${DEMO_CAMPAIGN}`,
        headers: { origin: 'https://news.example' },
      });
      assert.equal(read.headers['access-control-allow-origin'], '*');
      assert.match(String(read.headers['access-control-expose-headers']), /etag/i);
      assert.equal(read.headers['access-control-allow-credentials'], undefined);
      assert.equal(read.headers['set-cookie'], undefined);
      const preflight = await server.app.inject({
        method: 'OPTIONS',
        url: `/admin/campaigns/${DEMO_CAMPAIGN}/donations`,
        headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
      });
      assert.equal(preflight.headers['access-control-allow-origin'], undefined);
    });

    test('health reports the database as reachable', async () => {
      const response = await server.app.inject('/health');
      assert.equal(response.statusCode, 200);
      assert.deepEqual(response.json(), { status: 'ok', database: 'ok', streams: 0 });
    });
  });
}

describe('OpenAPI document', () => {
  const server = useApp(backends[0]);

  test('is OpenAPI 3.1 and lists every route with its success and problem responses', async () => {
    const response = await server.app.inject('/openapi.json');
    assert.equal(response.statusCode, 200);
    const document = response.json<{
      openapi: string;
      paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, unknown> }> }>>;
      components: { schemas: Record<string, unknown> };
    }>();
    assert.equal(document.openapi, '3.1.0');
    const expected: [string, string, string, string[]][] = [
      ['get', '/health', '200', ['503']],
      ['get', '/campaigns/{campaignId}', '200', ['404']],
      ['get', '/campaigns/{campaignId}/history', '200', ['404', '422']],
      ['get', '/campaigns/{campaignId}/events', '200', ['404']],
      ['post', '/admin/campaigns', '201', ['401', '409', '413', '422']],
      ['patch', '/admin/campaigns/{campaignId}', '200', ['401', '404', '422']],
      ['post', '/admin/campaigns/{campaignId}/donations', '201', ['400', '401', '404', '413', '415', '422', '429']],
      ['post', '/admin/campaigns/{campaignId}/items/{itemId}/receipts', '201', ['401', '404', '422']],
      ['get', '/opportunities/{opportunityId}', '200', ['404']],
      ['get', '/opportunities/{opportunityId}/challenge', '200', ['404']],
      [
        'post',
        '/opportunities/{opportunityId}/signups',
        '201',
        ['400', '403', '404', '409', '413', '415', '422', '429'],
      ],
      ['post', '/admin/opportunities', '201', ['401', '409', '422']],
      ['get', '/admin/opportunities/{opportunityId}', '200', ['401', '404']],
      ['patch', '/admin/opportunities/{opportunityId}', '200', ['401', '404', '422']],
      ['get', '/admin/opportunities/{opportunityId}/signups.csv', '200', ['401', '404']],
      ['delete', '/admin/signups/{signupId}', '200', ['401', '404']],
      ['post', '/admin/purge', '200', ['401', '422']],
      ['get', '/ballots/{ballotId}', '200', ['404']],
      ['get', '/ballots/{ballotId}/challenge', '200', ['404']],
      ['post', '/ballots/{ballotId}/votes', '202', ['400', '403', '404', '409', '413', '415', '422', '429']],
      ['get', '/ballots/{ballotId}/confirm', '200', ['404', '410']],
      ['post', '/ballots/{ballotId}/confirmations', '200', ['404', '409', '410', '422']],
      ['get', '/ballots/{ballotId}/results', '200', ['403', '404']],
      ['get', '/ballots/{ballotId}/ledger', '200', ['403', '404']],
      ['get', '/ballots/{ballotId}/events', '200', ['404', '503']],
      ['post', '/admin/ballots', '201', ['401', '409', '422']],
      ['get', '/admin/ballots/{ballotId}', '200', ['401', '404']],
      ['patch', '/admin/ballots/{ballotId}', '200', ['401', '404', '422']],
      ['post', '/admin/ballots/{ballotId}/publish', '200', ['401', '404', '409']],
      ['get', '/admin/ballots/{ballotId}/results', '200', ['401', '404']],
      ['get', '/admin/ballots/{ballotId}/audit', '200', ['401', '404']],
      ['post', '/admin/ballots/{ballotId}/offline-tallies', '201', ['401', '404', '422']],
    ];
    for (const [method, path, success, problems] of expected) {
      const operation = document.paths[path]?.[method];
      assert.ok(operation, `${method.toUpperCase()} ${path} missing from the OpenAPI document`);
      assert.ok(operation.responses[success], `${path}: no ${success} response`);
      for (const status of problems) {
        assert.ok(operation.responses[status]?.content?.['application/problem+json'], `${path}: no ${status} problem`);
      }
    }
    const documented = Object.keys(document.paths).sort();
    assert.deepEqual(
      documented,
      [...new Set(expected.map(([, path]) => path))].sort(),
      'every documented path is tested',
    );
    for (const name of [
      'Campaign',
      'CampaignHistory',
      'Problem',
      'LocalizedText',
      'Opportunity',
      'SignupResult',
      'Ballot',
    ])
      assert.ok(document.components.schemas[name]);
  });

  test('has a readable docs page', async () => {
    const response = await server.app.inject('/docs/');
    assert.equal(response.statusCode, 200);
    assert.match(response.body, /swagger/i);
  });
});
