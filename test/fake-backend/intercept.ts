/**
 * Runs the fake backend inside a widget test: `window.fetch` sends every request for `api.test` through the MSW
 * handlers (msw's `getResponse`, no service worker to register, nothing leaves the page), checks each answer against
 * the server's schemas, and records the calls. Other hosts pass through.
 *
 *   const backend = fakeBackend();                        // the healthy default handlers
 *   backend.use(http.get(ROUTES.campaign, () => problem(404, 'campaign_not_found')));   // this test's override
 *   backend.calls[0].headers.get('Idempotency-Key');
 *   backend.restore();                                     // in afterEach: throws if an answer broke the contract
 */
import { getResponse, type RequestHandler } from 'msw';
import { contractViolations } from './contract.js';
import { defaultHandlers, notFoundFallback } from './handlers.js';

export const API_HOST = 'api.test';
export const API = `https://${API_HOST}/v1`;

export interface FetchCall {
  url: URL;
  headers: Headers;
  method: string;
  /** The request body parsed as JSON, when there is one. */
  body?: unknown;
  credentials?: RequestCredentials;
}

export interface FakeBackend {
  /** Every request the page made to the fake API, in order. */
  readonly calls: FetchCall[];
  /** Answers the contract check refused, one message each. */
  readonly violations: string[];
  /** Handlers tried before the current ones (MSW's `worker.use`). */
  use(...handlers: RequestHandler[]): void;
  /** Puts `window.fetch` back; throws when an answer broke the contract, so the test fails loudly. */
  restore(): void;
}

/** The call as the handlers and the tests see it. */
export function callOf(request: Request, body?: unknown): FetchCall {
  return {
    url: new URL(request.url),
    headers: new Headers(request.headers),
    method: request.method,
    body,
    credentials: request.credentials,
  };
}

/**
 * Replaces `window.fetch` until `restore()`. A handler that answers what the real server never would gets a 500 in
 * its place (`contract_violation`, the reason in `detail`), and the violation is recorded and logged. A request no
 * handler answers is a violation too. Honours the request's AbortSignal like a real fetch.
 */
export function fakeBackend(...handlers: RequestHandler[]): FakeBackend {
  // Overrides go first (`use`); an id no handler holds is answered 404 as the server does.
  let current = [...(handlers.length > 0 ? handlers : defaultHandlers()), ...notFoundFallback];
  const calls: FetchCall[] = [];
  const violations: string[] = [];
  // Restored untouched after the test, never called unbound.
  // eslint-disable-next-line @typescript-eslint/unbound-method
  const original = window.fetch;
  const passThrough = window.fetch.bind(window);

  async function answer(request: Request): Promise<Response> {
    const response = await getResponse(current, request);
    if (!response) {
      violations.push(`${request.method} ${request.url}: no handler answers this request`);
      return new Response('No fake-backend handler for this request', { status: 501 });
    }
    if (response.type === 'error') throw new TypeError('Failed to fetch');
    const problems = await contractViolations(request, response);
    if (problems.length === 0) return response;
    violations.push(...problems);
    console.error(`fake backend: the real server never answers this:\n${problems.join('\n')}`);
    return new Response(JSON.stringify({ code: 'contract_violation', detail: problems.join('\n') }), {
      status: 500,
      headers: { 'Content-Type': 'text/plain' },
    });
  }

  window.fetch = (input: RequestInfo | URL, init: RequestInit = {}) => {
    const request = new Request(input, init);
    if (new URL(request.url).hostname !== API_HOST) return passThrough(input, init);
    const body = typeof init.body === 'string' ? (JSON.parse(init.body) as unknown) : undefined;
    calls.push(callOf(request, body));
    const signal = init.signal ?? null;
    return new Promise<Response>((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason as Error);
      signal?.addEventListener('abort', () => reject(signal.reason as Error), { once: true });
      answer(request).then(resolve, reject);
    });
  };

  return {
    calls,
    violations,
    use: (...overrides) => void (current = [...overrides, ...current]),
    restore() {
      window.fetch = original;
      if (violations.length > 0) {
        throw new Error(`The fake backend answered what the real server never would:\n${violations.join('\n')}`);
      }
    },
  };
}
