/**
 * Solves a proof-of-work challenge off the main thread. Loaded only by `solve.ts`, which a widget imports lazily
 * when a resource asks for proof of work: none of this is in a widget's first load.
 */
import { solve, type AltchaChallenge } from './pow-solver.js';

export interface PowRequest {
  challenge: AltchaChallenge;
  timeoutMs: number;
}

export type PowResponse = { payload: string } | { error: string };

const reply = (message: PowResponse) => self.postMessage(message);

self.onmessage = async ({ data }: MessageEvent<PowRequest>) => {
  try {
    const payload = await solve(data.challenge, data.timeoutMs);
    reply(payload ? { payload } : { error: 'challenge_timeout' });
  } catch (error) {
    reply({ error: error instanceof Error ? error.message : String(error) });
  }
};
