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
}

// Remembered per URL so repeated reads (polling) cost a 304 instead of a body.
const etagCache = new Map<string, { etag: string; body: unknown }>();

/** Forgets remembered ETags (tests). */
export function clearEtagCache(): void {
  etagCache.clear();
}

const isRetryable = (error: ApiError) => error.code === 'network' || error.status === 429 || error.status >= 500;

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

async function getOnce<T>(url: string, { guard, signal, timeoutMs = apiDefaults.timeoutMs }: GetOptions<T>) {
  const timeout = AbortSignal.timeout(timeoutMs);
  const cached = etagCache.get(url);
  let response: Response;
  let text: string;
  try {
    response = await fetch(url, {
      credentials: 'omit',
      headers: { Accept: 'application/json', ...(cached ? { 'If-None-Match': cached.etag } : {}) },
      signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
    });
    text = response.status === 304 ? '' : await response.text();
  } catch (error) {
    if (signal?.aborted) throw signal.reason;
    if (timeout.aborted) throw new ApiError(0, 'timeout');
    throw toApiError(error);
  }

  if (response.status === 304 && cached) return cached.body as T;
  if (!response.ok) throw problemError(response, text);

  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new ApiError(response.status, 'malformed_response', 'Response is not JSON');
  }
  if (!guard(body)) throw new ApiError(response.status, 'malformed_response', 'Response has an unexpected shape');

  const etag = response.headers.get('ETag');
  if (etag) etagCache.set(url, { etag, body });
  return body;
}

function problemError(response: Response, text: string): ApiError {
  let code = codeForStatus(response.status);
  try {
    const problem: unknown = JSON.parse(text);
    if (isObject(problem) && typeof problem.code === 'string' && /^[a-z0-9_]{1,64}$/.test(problem.code)) {
      code = problem.code;
    }
  } catch {
    // Not problem+json (a proxy's HTML page): the status code says enough.
  }
  const error = new ApiError(response.status, code);
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

/** Exponential backoff with full jitter, unless the server said when to come back. */
function retryDelay(attempt: number, error: ApiError): number {
  const serverDelay = retryAfter.get(error);
  if (serverDelay !== undefined) return Math.min(serverDelay, apiDefaults.retryMaxMs);
  const ceiling = Math.min(apiDefaults.retryBaseMs * 2 ** attempt, apiDefaults.retryMaxMs);
  return ceiling / 2 + Math.random() * (ceiling / 2);
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
