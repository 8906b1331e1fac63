import { ApiError, codeForStatus, isAbortError, toApiError } from './api-error.js';
import { isObject, type Guard } from './guards.js';

/** Defaults for every read; tests and hosts with slow backends may change them. */
export const apiDefaults = {
  timeoutMs: 10_000,
  /** Retries after the first attempt, for network errors, 5xx and 429. */
  retries: 3,
  retryBaseMs: 500,
  retryMaxMs: 30_000,
};

export interface GetOptions<T> {
  guard: Guard<T>;
  signal?: AbortSignal;
  timeoutMs?: number;
  retries?: number;
  /** False for one-time resources (a proof-of-work challenge): no ETag revalidation, never a cached body. */
  revalidate?: boolean;
}

/** Bounds of the ETag cache: a map view queries many URLs, and a page may stay open for days. */
export const etagCacheLimits = { entries: 200, bytes: 2_000_000 };

// Remembered per URL so repeated reads (polling) cost a 304 instead of a body; least recently used first out.
// A body's size is its JSON text's length, close to its bytes on the wire.
const etagCache = new Map<string, { etag: string; body: unknown; size: number }>();
let etagBytes = 0;

function forgetEtag(url: string): void {
  etagBytes -= etagCache.get(url)?.size ?? 0;
  etagCache.delete(url);
}

function rememberEtag(url: string, etag: string, body: unknown, size: number): void {
  forgetEtag(url);
  if (size > etagCacheLimits.bytes) return;
  etagCache.set(url, { etag, body, size });
  etagBytes += size;
  for (const oldest of etagCache.keys()) {
    if (etagCache.size <= etagCacheLimits.entries && etagBytes <= etagCacheLimits.bytes) break;
    forgetEtag(oldest);
  }
}

/** Forgets remembered ETags (tests). */
export function clearEtagCache(): void {
  etagCache.clear();
  etagBytes = 0;
}

/** How many ETags are remembered, and their bodies' size (tests). */
export const etagCacheUsage = () => ({ entries: etagCache.size, bytes: etagBytes });

/** `AbortSignal.any`, or the same by hand where it is missing (Safari before 17.4, iOS 16: every request failed). */
export function anySignal(signals: AbortSignal[]): AbortSignal {
  if (typeof AbortSignal.any === 'function') return AbortSignal.any(signals);
  const controller = new AbortController();
  for (const signal of signals) {
    if (signal.aborted) {
      controller.abort(signal.reason);
      break;
    }
    signal.addEventListener('abort', () => controller.abort(signal.reason), { once: true, signal: controller.signal });
  }
  return controller.signal;
}

/** Worth trying again later: no answer (network, timeout), rate limited or a server error. */
export const isRetryable = (error: ApiError) =>
  error.code === 'network' || error.code === 'timeout' || error.status === 429 || error.status >= 500;

/**
 * GETs JSON and checks its shape. Never resolves with unchecked data: a wrong
 * shape, a non-JSON body or an HTTP error all reject with an `ApiError`.
 * Rejects with the caller's AbortError when `signal` aborts.
 */
export async function getJson<T>(url: string, options: GetOptions<T>): Promise<T> {
  const retries = options.retries ?? apiDefaults.retries;
  for (let attempt = 0; ; attempt++) {
    try {
      return await getOnce(url, options);
    } catch (error) {
      if (isAbortError(error) || !(error instanceof ApiError) || !isRetryable(error) || attempt >= retries) throw error;
      await sleep(retryDelay(attempt, error), options.signal);
    }
  }
}

async function getOnce<T>(
  url: string,
  { guard, signal, timeoutMs = apiDefaults.timeoutMs, revalidate = true }: GetOptions<T>,
) {
  const cached = revalidate ? etagCache.get(url) : undefined;
  const headers = { Accept: 'application/json', ...(cached ? { 'If-None-Match': cached.etag } : {}) };
  const { response, text } = await send(url, { headers }, signal, timeoutMs);
  if (response.status === 304 && cached) {
    // Used again: it moves to the end of the eviction order.
    rememberEtag(url, cached.etag, cached.body, cached.size);
    return cached.body as T;
  }
  const body = checked(response, text, guard);
  const etag = response.headers.get('ETag');
  if (etag && revalidate) rememberEtag(url, etag, body, text.length);
  return body;
}

/** One request with a timeout and no cookies; a failure to get any answer becomes an `ApiError`. */
async function send(url: string, init: RequestInit, signal: AbortSignal | undefined, timeoutMs: number) {
  const timeout = AbortSignal.timeout(timeoutMs);
  try {
    const response = await fetch(url, {
      ...init,
      credentials: 'omit',
      signal: signal ? anySignal([signal, timeout]) : timeout,
    });
    return { response, text: response.status === 304 ? '' : await response.text() };
  } catch (error) {
    if (signal?.aborted) throw signal.reason;
    if (timeout.aborted) throw new ApiError(0, 'timeout');
    throw toApiError(error);
  }
}

/** The answer's JSON body when the status is a success and the shape is the expected one; else an `ApiError`. */
function checked<T>(response: Response, text: string, guard: Guard<T>): T {
  if (!response.ok) throw problemError(response, text);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new ApiError(response.status, 'malformed_response', 'not JSON');
  }
  if (!guard(body)) throw new ApiError(response.status, 'malformed_response', 'unexpected shape');
  return body;
}

function problemError(response: Response, text: string): ApiError {
  let code = codeForStatus(response.status);
  let extensions: Record<string, unknown> = {};
  try {
    const problem: unknown = JSON.parse(text);
    if (isObject(problem)) {
      if (typeof problem.code === 'string' && /^[a-z0-9_]{1,64}$/.test(problem.code)) code = problem.code;
      // `detail` is for developers and never shown; the standard members are already represented.
      extensions = Object.fromEntries(
        Object.entries(problem).filter(([name]) => !['type', 'title', 'status', 'code', 'detail'].includes(name)),
      );
    }
  } catch {
    // Not problem+json (a proxy's HTML page): the status code says enough.
  }
  const error = new ApiError(response.status, code, code, extensions);
  retryAfter.set(error, parseRetryAfter(response.headers.get('Retry-After')));
  return error;
}

const retryAfter = new WeakMap<ApiError, number | undefined>();

function parseRetryAfter(header: string | null): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

/** The wait the server asked for with `Retry-After`, in milliseconds, if any. */
export function retryAfterMs(error: ApiError): number | undefined {
  return retryAfter.get(error);
}

/** Exponential backoff with (half) jitter, unless the server said when to come back. */
export function retryDelay(
  attempt: number,
  error: ApiError,
  { retryBaseMs, retryMaxMs }: { retryBaseMs: number; retryMaxMs: number } = apiDefaults,
): number {
  const serverDelay = retryAfter.get(error);
  if (serverDelay !== undefined) return Math.min(serverDelay, retryMaxMs);
  const ceiling = Math.min(retryBaseMs * 2 ** attempt, retryMaxMs);
  return ceiling / 2 + Math.random() * (ceiling / 2);
}

export interface PostOptions<T> {
  guard: Guard<T>;
  /** Sent as `Idempotency-Key`: the same key and body always get the first answer again. */
  idempotencyKey: string;
  signal?: AbortSignal;
  timeoutMs?: number;
}

/**
 * POSTs JSON once (no retries: the outbox decides when to send again) and checks the answer's shape.
 * No cookies are sent; `Content-Type: application/json` makes browsers preflight it, as the API expects.
 */
export async function postJson<T>(
  url: string,
  body: unknown,
  { guard, idempotencyKey, signal, timeoutMs = apiDefaults.timeoutMs }: PostOptions<T>,
): Promise<T> {
  const headers = { Accept: 'application/json', 'Content-Type': 'application/json', 'Idempotency-Key': idempotencyKey };
  const { response, text } = await send(
    url,
    { method: 'POST', headers, body: JSON.stringify(body) },
    signal,
    timeoutMs,
  );
  return checked(response, text, guard);
}

/** Waits `ms`, rejecting with the abort reason as soon as `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason as Error);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason as Error);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
