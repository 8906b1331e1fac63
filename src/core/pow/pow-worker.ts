/**
 * Solves an ALTCHA (v2) proof-of-work challenge off the main thread. Loaded only by `solve.ts`, which a
 * widget imports lazily when a resource asks for proof of work: none of this is in a widget's first load.
 */
import { solveChallenge } from 'altcha-lib';
import { deriveKey as deriveShaKey } from 'altcha-lib/algorithms/web/sha';
import { deriveKey as derivePbkdf2Key } from 'altcha-lib/algorithms/web/pbkdf2';
import type { Challenge } from 'altcha-lib/types';

export interface PowRequest {
  challenge: Challenge;
  timeoutMs: number;
}

export type PowResponse = { payload: string } | { error: string };

const reply = (message: PowResponse) => self.postMessage(message);

self.onmessage = async ({ data }: MessageEvent<PowRequest>) => {
  try {
    const { challenge, timeoutMs } = data;
    const deriveKey = challenge.parameters.algorithm.startsWith('PBKDF2/') ? derivePbkdf2Key : deriveShaKey;
    const solution = await solveChallenge({ challenge, deriveKey, timeout: timeoutMs });
    if (!solution) return reply({ error: 'challenge_timeout' });
    // The payload altcha-lib's verifier expects: base64 of {challenge (without codeChallenge), solution}.
    const { parameters, signature } = challenge;
    reply({ payload: btoa(JSON.stringify({ challenge: { parameters, signature }, solution })) });
  } catch (error) {
    reply({ error: error instanceof Error ? error.message : String(error) });
  }
};
