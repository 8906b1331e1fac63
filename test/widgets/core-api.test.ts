import { assert } from '@open-wc/testing';
import { apiDefaults, clearEtagCache, etagCacheLimits, etagCacheUsage, getJson } from '../../src/core/api/client.js';
import { ApiError } from '../../src/core/api/api-error.js';
import { isCampaign } from '../../src/donation-progress/guards.js';
import { answering, API, campaign, json, networkFailure, problem, unchecked, type FakeBackend } from './helpers.js';

const url = `${API}/campaigns/winter-blankets-tounfite`;
const defaults = { ...apiDefaults };

async function failure(promise: Promise<unknown>): Promise<ApiError> {
  try {
    await promise;
  } catch (error) {
    assert.instanceOf(error, ApiError);
    return error;
  }
  throw new Error('expected a failure');
}

describe('getJson', () => {
  let stub: FakeBackend | undefined;
  beforeEach(() => {
    clearEtagCache();
    Object.assign(apiDefaults, { retries: 3, retryBaseMs: 5 });
  });
  afterEach(() => {
    stub?.restore();
    stub = undefined;
    Object.assign(apiDefaults, defaults);
  });

  it('sends no credentials and returns checked JSON', async () => {
    let credentials: RequestCredentials | undefined;
    // Restored untouched after the test, never called unbound.
    // eslint-disable-next-line @typescript-eslint/unbound-method
    const original = window.fetch;
    window.fetch = (_input, init) => ((credentials = init?.credentials), Promise.resolve(json(campaign())));
    try {
      assert.strictEqual((await getJson(url, { guard: isCampaign })).id, 'winter-blankets-tounfite');
    } finally {
      window.fetch = original;
    }
    assert.strictEqual(credentials, 'omit');
  });

  it('retries 5xx, 429 and network errors, then succeeds', async () => {
    const answers = [
      () => problem(503, 'unavailable'),
      () => problem(429, 'rate_limited', { headers: { 'Retry-After': '0' } }),
      () => networkFailure(),
      () => json(campaign()),
    ];
    stub = answering(() => answers.shift()!());
    assert.strictEqual((await getJson(url, { guard: isCampaign })).id, 'winter-blankets-tounfite');
    assert.lengthOf(stub.calls, 4);
  });

  it('does not retry client errors and maps problem+json to its code', async () => {
    stub = answering(() => problem(404, 'campaign_not_found'));
    const error = await failure(getJson(url, { guard: isCampaign }));
    assert.deepEqual([error.status, error.code], [404, 'campaign_not_found']);
    assert.lengthOf(stub.calls, 1);
  });

  it('gives a status-based code to non-problem errors and network after the last retry', async () => {
    stub = answering(() => unchecked(new Response('<h1>Bad gateway</h1>', { status: 502 }), 'a proxy’s error page'));
    assert.strictEqual((await failure(getJson(url, { guard: isCampaign, retries: 0 }))).code, 'server_error');
    stub.restore();
    stub = answering(() => networkFailure());
    assert.strictEqual((await failure(getJson(url, { guard: isCampaign, retries: 1 }))).code, 'network');
    assert.lengthOf(stub.calls, 2);
  });

  it('revalidates with the remembered ETag and reuses the body on 304', async () => {
    stub = answering((_url, call) =>
      call.headers.get('If-None-Match') === '"abc"'
        ? new Response(null, { status: 304 })
        : json(campaign({ donors: 7 }), 200, { ETag: '"abc"' }),
    );
    await getJson(url, { guard: isCampaign });
    const again = await getJson(url, { guard: isCampaign });
    assert.strictEqual(again.donors, 7);
    assert.strictEqual(stub.calls[0].headers.get('If-None-Match'), null);
    assert.strictEqual(stub.calls[1].headers.get('If-None-Match'), '"abc"');
  });

  it('keeps the ETag cache within its limits, least recently used out first', async () => {
    const limits = { ...etagCacheLimits };
    Object.assign(etagCacheLimits, { entries: 3, bytes: 100_000 });
    try {
      stub = answering((requested, call) =>
        call.headers.get('If-None-Match')
          ? new Response(null, { status: 304 })
          : json(campaign({ id: requested.pathname.split('/').pop()! }), 200, { ETag: `"${requested.pathname}"` }),
      );
      const read = (id: string) => getJson(`${API}/campaigns/${id}`, { guard: isCampaign });
      for (const id of ['a', 'b', 'c']) await read(id);
      await read('a'); // a 304: "a" is now the most recently used
      await read('d'); // over 3 entries: "b" goes
      assert.strictEqual(etagCacheUsage().entries, 3);
      const revalidated = async (id: string) => {
        const before = stub!.calls.length;
        await read(id);
        return stub!.calls[before].headers.get('If-None-Match') !== null;
      };
      assert.isTrue(await revalidated('a'));
      assert.isFalse(await revalidated('b'));
      // By size: a limit below two bodies keeps one.
      const oneBody = etagCacheUsage().bytes / etagCacheUsage().entries;
      clearEtagCache();
      etagCacheLimits.bytes = Math.floor(oneBody * 1.5);
      for (const id of ['a', 'b', 'c']) await read(id);
      assert.deepEqual(etagCacheUsage().entries, 1);
      assert.isAtMost(etagCacheUsage().bytes, etagCacheLimits.bytes);
    } finally {
      Object.assign(etagCacheLimits, limits);
    }
  });

  it('turns wrong shapes and non-JSON into malformed_response', async () => {
    stub = answering(() => unchecked(json({ ...campaign(), goal: -1 }), 'a wrong shape, on purpose'));
    assert.strictEqual((await failure(getJson(url, { guard: isCampaign }))).code, 'malformed_response');
    stub.restore();
    stub = answering(() => unchecked(new Response('not json'), 'not JSON, on purpose'));
    assert.strictEqual((await failure(getJson(url, { guard: isCampaign }))).code, 'malformed_response');
  });

  it('times out', async () => {
    stub = answering(() => new Promise<Response>(() => {}));
    assert.strictEqual((await failure(getJson(url, { guard: isCampaign, timeoutMs: 50, retries: 0 }))).code, 'timeout');
  });

  it('rejects with the caller’s AbortError when aborted', async () => {
    stub = answering(() => new Promise<Response>(() => {}));
    const controller = new AbortController();
    const pending = getJson(url, { guard: isCampaign, signal: controller.signal });
    controller.abort();
    try {
      await pending;
      assert.fail('should have rejected');
    } catch (error) {
      assert.strictEqual((error as DOMException).name, 'AbortError');
    }
  });
});
