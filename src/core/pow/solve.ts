import type { Challenge } from '../../../server/src/schemas/opportunities.js';
import type { PowRequest, PowResponse } from './pow-worker.js';

/** Time allowed to solve one challenge. */
export const powDefaults = { timeoutMs: 60_000 };

/**
 * Solves a proof-of-work challenge in a Web Worker and resolves with the base64 ALTCHA payload to send as
 * `altcha`. Import this module lazily (`await import(…)`): it is only needed at submit time.
 */
export function solveChallenge(challenge: Challenge, signal?: AbortSignal): Promise<string> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason as Error);
    const worker = new Worker(new URL('./pow-worker.ts', import.meta.url), { type: 'module' });
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
      else reject(new Error(`proof of work failed: ${data.error}`));
    };
    worker.onerror = (event) => {
      finish();
      reject(new Error(`proof of work worker failed: ${event.message}`));
    };
    worker.postMessage({
      challenge: challenge as unknown as PowRequest['challenge'],
      timeoutMs: powDefaults.timeoutMs,
    });
  });
}
