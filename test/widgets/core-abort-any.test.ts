// iOS 16 and Safari before 17.4 have no `AbortSignal.any`: every request failed there. The widgets run without it.
import { assert, fixture, html, waitUntil } from '@open-wc/testing';
import '../../src/donation-progress/index.js';
import '../../src/volunteer-signup/index.js';
import { ApiError } from '../../src/core/api/api-error.js';
import { apiDefaults, clearEtagCache, getJson } from '../../src/core/api/client.js';
import { isCampaign } from '../../src/donation-progress/guards.js';
import { campaignHandlers, campaignLoadingHandlers, opportunityHandlers } from '../fake-backend/handlers.js';
import { API, campaign, fakeBackend, opportunity, type FakeBackend } from './helpers.js';

describe('without AbortSignal.any (Safari < 17.4, iOS 16)', () => {
  const any = Object.getOwnPropertyDescriptor(AbortSignal, 'any')!;
  let stub: FakeBackend | undefined;
  beforeEach(() => {
    clearEtagCache();
    delete (AbortSignal as { any?: unknown }).any;
    assert.isUndefined((AbortSignal as { any?: unknown }).any);
  });
  afterEach(() => {
    Object.defineProperty(AbortSignal, 'any', any);
    stub?.restore();
    stub = undefined;
  });

  /** Campaign `c` and opportunity `o`, as a healthy server holds them. */
  const byPath = () =>
    fakeBackend(...campaignHandlers(campaign({ id: 'c' })), ...opportunityHandlers(opportunity({ id: 'o' })));

  it('reads, and still honours the caller’s abort and the timeout', async () => {
    stub = byPath();
    assert.strictEqual((await getJson(`${API}/campaigns/c`, { guard: isCampaign })).raised, campaign().raised);
    const controller = new AbortController();
    const aborted = getJson(`${API}/campaigns/c`, { guard: isCampaign, signal: controller.signal });
    controller.abort();
    const abortError = await aborted.catch((error: unknown) => error);
    assert.instanceOf(abortError, DOMException);
    assert.strictEqual(abortError.name, 'AbortError');
    stub.restore();
    stub = fakeBackend(...campaignLoadingHandlers);
    const timeout = await getJson(`${API}/campaigns/slow`, {
      guard: isCampaign,
      timeoutMs: 50,
      retries: 0,
      signal: new AbortController().signal,
    }).catch((error: unknown) => error);
    assert.instanceOf(timeout, ApiError);
    assert.strictEqual(timeout.code, 'timeout');
    assert.isAbove(apiDefaults.timeoutMs, 50);
  });

  it('both widgets show their content', async () => {
    stub = byPath();
    const donation = await fixture(
      html`<tadamon-donation-progress api-base=${API} campaign="c" lang="ar"></tadamon-donation-progress>`,
    );
    const signup = await fixture(
      html`<tadamon-volunteer-signup api-base=${API} opportunity="o" lang="fr"></tadamon-volunteer-signup>`,
    );
    for (const el of [donation, signup]) {
      await waitUntil(() => el.shadowRoot!.querySelector('[part~="title"]'), `${el.localName} never showed`, {
        timeout: 4000,
      });
      assert.isNull(el.shadowRoot!.querySelector('[part~="error"]'));
    }
  });
});
