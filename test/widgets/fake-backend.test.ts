import { assert } from '@open-wc/testing';
import { http, type RequestHandler } from 'msw';
import { campaign, history, opportunity } from '../fake-backend/fixtures.js';
import {
  campaignHandlers,
  campaignLoadingHandlers,
  campaignMalformedHandlers,
  campaignNotFoundHandlers,
  campaignServerErrorHandlers,
  json,
  opportunityHandlers,
  opportunityNotFoundHandlers,
  opportunityServerErrorHandlers,
  problem,
  ROUTES,
  unchecked,
  type SignupOutcome,
} from '../fake-backend/handlers.js';
import { API, fakeBackend, type FakeBackend } from '../fake-backend/intercept.js';

const CAMPAIGN = `${API}/campaigns/winter-blankets-tounfite`;
const OPPORTUNITY = `${API}/opportunities/beach-cleanup`;

const signup = (shiftIds = ['sat-am']) =>
  fetch(`${OPPORTUNITY}/signups`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'Idempotency-Key': crypto.randomUUID() },
    body: JSON.stringify({ shiftIds, name: 'Amina', email: 'amina@example.ma', consent: true, locale: 'fr' }),
  });

let backend: FakeBackend | undefined;

/** Restores fetch and returns what `restore` threw (the contract violations), if anything. */
function restore(): Error | undefined {
  try {
    backend?.restore();
    return undefined;
  } catch (error) {
    return error as Error;
  } finally {
    backend = undefined;
  }
}

afterEach(() => {
  const error = restore();
  if (error) throw error;
});

describe('the fake backend', () => {
  it('answers the widgets’ routes with bodies the server’s schemas accept, and records the calls', async () => {
    backend = fakeBackend();
    assert.strictEqual((await fetch(CAMPAIGN)).status, 200);
    assert.deepEqual(await (await fetch(`${CAMPAIGN}/history`)).json(), history());
    assert.strictEqual(((await (await fetch(OPPORTUNITY)).json()) as { id: string }).id, 'beach-cleanup');
    const result = (await (await signup(['sat-am', 'sat-pm'])).json()) as { status: string; shifts: unknown[] };
    // One shift confirmed, one full with a waitlist: the server calls the signup waitlisted.
    assert.deepEqual(result.shifts, [
      { id: 'sat-am', status: 'confirmed' },
      { id: 'sat-pm', status: 'waitlisted', position: 1 },
    ]);
    assert.strictEqual(result.status, 'waitlisted');
    assert.deepEqual(backend.violations, []);
    assert.deepEqual(
      backend.calls.map((call) => `${call.method} ${call.url.pathname}`),
      [
        'GET /v1/campaigns/winter-blankets-tounfite',
        'GET /v1/campaigns/winter-blankets-tounfite/history',
        'GET /v1/opportunities/beach-cleanup',
        'POST /v1/opportunities/beach-cleanup/signups',
      ],
    );
    assert.match(backend.calls[3].headers.get('Idempotency-Key')!, /^[0-9a-f-]{36}$/);
    assert.deepEqual((backend.calls[3].body as { shiftIds: string[] }).shiftIds, ['sat-am', 'sat-pm']);
  });

  it('sends problems in the server’s exact shape, as application/problem+json', async () => {
    backend = fakeBackend();
    const response = await fetch(`${API}/campaigns/no-such-campaign`);
    assert.strictEqual(response.status, 404);
    assert.strictEqual(response.headers.get('Content-Type'), 'application/problem+json');
    assert.deepEqual(await response.json(), {
      type: 'urn:tadamon:problem:campaign_not_found',
      title: 'Not Found',
      status: 404,
      code: 'campaign_not_found',
      detail: 'No campaign "no-such-campaign".',
    });
  });

  it('catches a deliberately wrong override: a 500 in its place, the violation recorded, the test failed', async () => {
    backend = fakeBackend();
    backend.use(http.get(ROUTES.campaign, () => json(campaign({ goal: -1 }))));
    const response = await fetch(CAMPAIGN);
    assert.strictEqual(response.status, 500);
    assert.include(await response.text(), 'contract_violation');
    assert.lengthOf(backend.violations, 1);
    assert.match(backend.violations[0], /^GET \/v1\/campaigns\/winter-blankets-tounfite → 200: \/goal /);
    assert.match(restore()?.message ?? '', /never would:\nGET \/v1\/campaigns/);
  });

  const wrongAnswers: [string, string, RequestHandler, RegExp][] = [
    [
      'a property the server’s serialiser would drop',
      CAMPAIGN,
      http.get(ROUTES.campaign, () => json({ ...campaign(), progress: 0.08 })),
      /\/progress is not in the server's schema/,
    ],
    [
      'a problem of another shape (about:blank, its own title)',
      CAMPAIGN,
      http.get(ROUTES.campaign, () =>
        json({ type: 'about:blank', title: 'Gone', status: 404, code: 'campaign_not_found' }, 404, {
          'Content-Type': 'application/problem+json',
        }),
      ),
      /type is "about:blank", not "urn:tadamon:problem:campaign_not_found"/,
    ],
    [
      'a problem sent as plain JSON',
      CAMPAIGN,
      http.get(ROUTES.campaign, () => json({ ...campaign() }, 404)),
      /a problem is application\/problem\+json/,
    ],
    [
      'a status the route never answers',
      CAMPAIGN,
      http.get(ROUTES.campaign, () => problem(409, 'conflict')),
      /this route never answers 409/,
    ],
    [
      'a signup answered 200 instead of 201',
      `${OPPORTUNITY}/signups`,
      http.post(ROUTES.signups, () => json({ id: 's', status: 'confirmed', shifts: [] })),
      /this route never answers 200/,
    ],
    [
      'a waitlist position of 0',
      `${OPPORTUNITY}/signups`,
      http.post(ROUTES.signups, () =>
        json({ id: 's', status: 'waitlisted', shifts: [{ id: 'sat-pm', status: 'waitlisted', position: 0 }] }, 201),
      ),
      /\/shifts\/0\/position/,
    ],
    ['a request no handler answers', `${API}/ballots/x`, http.get('*/nothing', () => json({})), /no handler answers/],
  ];
  for (const [what, url, handler, message] of wrongAnswers) {
    it(`catches ${what}`, async () => {
      backend = fakeBackend();
      backend.use(handler);
      const response = await (url.endsWith('/signups') ? signup() : fetch(url));
      assert.oneOf(response.status, [500, 501]);
      assert.match(backend.violations.join('\n'), message);
      assert.instanceOf(restore(), Error);
    });
  }

  it('lets an answer through when it is explicitly unchecked', async () => {
    backend = fakeBackend(http.get(ROUTES.campaign, () => unchecked(json({ goal: 'a lot' }), 'malformed on purpose')));
    const response = await fetch(CAMPAIGN);
    assert.strictEqual(response.status, 200);
    assert.deepEqual(await response.json(), { goal: 'a lot' });
    assert.strictEqual(response.headers.get('X-Fake-Backend'), 'unchecked: malformed on purpose');
  });

  it('turns HttpResponse.error() into a failed fetch, and honours AbortSignal', async () => {
    backend = fakeBackend(...campaignLoadingHandlers);
    const controller = new AbortController();
    const pending = fetch(CAMPAIGN, { signal: controller.signal });
    controller.abort(new DOMException('stop', 'AbortError'));
    const aborted = await pending.then(
      () => undefined,
      (error: unknown) => error,
    );
    assert.strictEqual((aborted as DOMException).name, 'AbortError');
  });

  // Every ready-made scenario answers within the contract (the malformed one is unchecked on purpose).
  const scenarios: [string, RequestHandler[], string[]][] = [
    ['campaign', campaignHandlers(), [CAMPAIGN, `${CAMPAIGN}/history`]],
    ['campaign server error', campaignServerErrorHandlers, [CAMPAIGN, `${CAMPAIGN}/history`]],
    ['campaign not found', campaignNotFoundHandlers, [CAMPAIGN, `${CAMPAIGN}/history`]],
    ['campaign malformed', campaignMalformedHandlers, [CAMPAIGN, `${CAMPAIGN}/history`]],
    ['opportunity server error', opportunityServerErrorHandlers, [OPPORTUNITY]],
    ['opportunity not found', opportunityNotFoundHandlers, [OPPORTUNITY]],
  ];
  for (const [name, handlers, urls] of scenarios) {
    it(`keeps to the contract: ${name}`, async () => {
      backend = fakeBackend(...handlers);
      for (const url of urls) await fetch(url);
      assert.lengthOf(backend.calls, urls.length);
      assert.deepEqual(backend.violations, []);
    });
  }
  const outcomes: [SignupOutcome, number][] = [
    ['accept', 201],
    ['shift_full', 409],
    ['already_signed_up', 409],
    ['server_error', 500],
    ['origin_not_allowed', 403],
    ['shift_closed', 409],
    ['opportunity_closed', 409],
  ];
  for (const [outcome, status] of outcomes) {
    it(`keeps to the contract: signup answered ${outcome}`, async () => {
      backend = fakeBackend(...opportunityHandlers(opportunity(), { outcome }));
      assert.strictEqual((await signup()).status, status);
      assert.strictEqual((await fetch(OPPORTUNITY)).status, 200);
      assert.deepEqual(backend.violations, []);
    });
  }

  it('reads the opportunity closed after an opportunity_closed answer, as the server would', async () => {
    backend = fakeBackend(...opportunityHandlers(opportunity(), { outcome: 'opportunity_closed' }));
    assert.strictEqual(((await (await signup()).json()) as { code: string }).code, 'opportunity_closed');
    assert.strictEqual(((await (await fetch(OPPORTUNITY)).json()) as { status: string }).status, 'closed');
  });
});
