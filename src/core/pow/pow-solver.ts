/** Solves an ALTCHA (v2) proof-of-work challenge; used in the worker, and in the page when no worker can start. */
import { solveChallenge } from 'altcha-lib';
import { deriveKey as deriveShaKey } from 'altcha-lib/algorithms/web/sha';
import { deriveKey as derivePbkdf2Key } from 'altcha-lib/algorithms/web/pbkdf2';
import type { Challenge } from 'altcha-lib/types';

export type { Challenge as AltchaChallenge };

/** The base64 payload altcha-lib's verifier expects, or null when the time ran out. */
export async function solve(challenge: Challenge, timeoutMs: number): Promise<string | null> {
  const deriveKey = challenge.parameters.algorithm.startsWith('PBKDF2/') ? derivePbkdf2Key : deriveShaKey;
  const solution = await solveChallenge({ challenge, deriveKey, timeout: timeoutMs });
  if (!solution) return null;
  // base64 of {challenge (without codeChallenge), solution}.
  const { parameters, signature } = challenge;
  return btoa(JSON.stringify({ challenge: { parameters, signature }, solution }));
}
