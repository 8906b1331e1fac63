import { http, HttpResponse } from 'msw';
import { problem as serverProblem, ROUTES, type ProblemOptions } from '../fake-backend/handlers.js';
import { callOf, fakeBackend, type FakeBackend, type FetchCall } from '../fake-backend/intercept.js';

export { campaign, history, opportunity } from '../fake-backend/fixtures.js';
export { json, ROUTES, unchecked } from '../fake-backend/handlers.js';
export { API, callOf, fakeBackend, type FakeBackend, type FetchCall } from '../fake-backend/intercept.js';

/** A problem in the server's shape, with a `detail` no widget may show (tests check it never appears). */
export function problem(status: number, code: string, options: ProblemOptions = {}): Response {
  return serverProblem(status, code, { detail: '<b>internal detail</b>', ...options });
}

// Tests look for lazily loaded chunks in the resource timings. The test runner serves every module as its own
// request, and the fake backend (msw, typebox, altcha-lib) brings a few hundred: the browser's default buffer of 250
// entries would be full before a lazy chunk loads, and the chunk would go unseen.
performance.setResourceTimingBufferSize(5000);

type Responder = (url: URL, call: FetchCall) => Response | Promise<Response>;

/** The widgets' reads: both campaign routes, the opportunity and its challenge. */
export const READS = [ROUTES.campaign, ROUTES.history, ROUTES.opportunity, ROUTES.challenge];

/** The call a handler is answering, its JSON body parsed. */
export async function callFor(request: Request): Promise<FetchCall> {
  const text = await request.clone().text();
  return callOf(request, text ? (JSON.parse(text) as unknown) : undefined);
}

/**
 * The fake backend (fake-backend/handlers.ts) with this test's own answer on `routes`: `respond` sees the URL and
 * the call, and whatever it answers still goes through the contract check.
 */
export function answering(respond: Responder, routes: string[] = READS): FakeBackend {
  const backend = fakeBackend();
  backend.use(
    ...routes.map((route) =>
      http.all(route, async ({ request }) => respond(new URL(request.url), await callFor(request))),
    ),
  );
  return backend;
}

/** The network fails (what `fetch` does offline): MSW's network error. */
export const networkFailure = () => HttpResponse.error();

/** A promise resolved from outside (slow responses). */
export function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

/** A stand-in for EventSource that tests drive by hand. */
export class FakeEventSource extends EventTarget {
  static instances: FakeEventSource[] = [];
  readyState = 0;
  closed = false;

  constructor(readonly url: string) {
    super();
    FakeEventSource.instances.push(this);
  }

  close() {
    this.closed = true;
    this.readyState = 2;
  }

  open() {
    this.readyState = 1;
    this.dispatchEvent(new Event('open'));
  }

  emit(name: string, data: unknown) {
    this.dispatchEvent(new MessageEvent(name, { data: typeof data === 'string' ? data : JSON.stringify(data) }));
  }

  fail() {
    this.dispatchEvent(new Event('error'));
  }
}

export function stubEventSource() {
  const original = window.EventSource;
  FakeEventSource.instances = [];
  window.EventSource = FakeEventSource as unknown as typeof EventSource;
  return { restore: () => (window.EventSource = original) };
}

/** Makes `navigator.onLine` report `online` and fires the matching window event. */
export function setOnline(online: boolean) {
  Object.defineProperty(navigator, 'onLine', { configurable: true, get: () => online });
  window.dispatchEvent(new Event(online ? 'online' : 'offline'));
}

export function restoreOnline() {
  delete (navigator as { onLine?: boolean }).onLine;
}

/** Collapses every kind of space (Intl uses narrow no-break spaces) so text compares simply. */
export const normalizeSpaces = (text: string | null | undefined) =>
  (text ?? '').replace(/[\s\u200e\u200f]+/gu, ' ').trim();
