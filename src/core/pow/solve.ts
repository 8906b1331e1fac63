import type { Challenge } from '../../../server/src/schemas/common.js';
import type { PowRequest, PowResponse } from './pow-worker.js';
// Static, not import(): this module is itself lazy, and a nested import() would add a preload helper to first loads.
import { solve } from './pow-solver.js';
import { TrustedWorker } from '../trusted-worker.js';

/** Time allowed to solve one challenge. */
export const powDefaults = { timeoutMs: 60_000 };

// Vite bundles the worker it finds written literally as `new Worker(new URL('…', import.meta.url))`.
const Worker = TrustedWorker;

// A plain Error (not ApiError): importing the API error class here would pull it into a chunk shared with the
// widget's first load. The caller maps any failure to a final `challenge_invalid`.
const unsolved = () => new Error('proof of work not solved');

/**
 * Solves a proof-of-work challenge and resolves with the base64 ALTCHA payload to send as `altcha`: in a Web
 * Worker, or in the page when no worker can start (the library served from another origin than the page: a worker
 * script must be same-origin). Import this module lazily (`await import(…)`): it is only needed at submit time.
 */
export async function solveChallenge(challenge: Challenge, signal?: AbortSignal): Promise<string> {
  let worker: Worker;
  try {
    worker = new Worker(new URL('./pow-worker.ts', import.meta.url), { type: 'module' });
  } catch {
    return solveInPage(challenge);
  }
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason as Error);
    const finish = () => {
      worker.terminate();
      signal?.removeEventListener('abort', onAbort);
    };
    const onAbort = () => {
      finish();
      reject(signal!.reason as Error);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    worker.onmessage = ({ data }: MessageEvent<PowResponse>) => {
      finish();
      if ('payload' in data) resolve(data.payload);
      else reject(unsolved());
    };
    // The worker script could not load (blocked, or another origin): solve in the page instead.
    worker.onerror = () => {
      finish();
      solveInPage(challenge).then(resolve, reject);
    };
    worker.postMessage({
      challenge: challenge as unknown as PowRequest['challenge'],
      timeoutMs: powDefaults.timeoutMs,
    } satisfies PowRequest);
  });
}

/** The same solver in the page: WebCrypto does the hashing asynchronously, so the page stays responsive. */
async function solveInPage(challenge: Challenge): Promise<string> {
  const payload = await solve(challenge as unknown as PowRequest['challenge'], powDefaults.timeoutMs).catch(() => null);
  if (!payload) throw unsolved();
  return payload;
}
