import { ApiError } from '../api/api-error.js';
import { getJson } from '../api/client.js';
import { isChallenge, isObject } from '../api/guards.js';
import { solveChallenge } from './solve.js';

/**
 * Proof of work for any write that asks for one (a signup, a vote): fetch a challenge from the URL the widget
 * passes in, solve it in a worker (or in the page), and recover a stored write refused for its proof of work.
 * Lazy: widgets import it when the visitor submits, or when a stored write needs a new solution.
 */

/** Fetches a fresh challenge and solves it; resolves with the `altcha` payload to send. */
export async function proofOfWork(challengeUrl: string, signal?: AbortSignal): Promise<string> {
  const challenge = await getJson(challengeUrl, { guard: isChallenge, signal, retries: 1, revalidate: false });
  return solveChallenge(challenge, signal).catch((error: unknown) => {
    // Not solvable here (worker and page solver both failed, or too slow): final for this send.
    throw signal?.aborted ? error : new ApiError(0, 'challenge_invalid');
  });
}

/**
 * A stored write refused for its proof of work (`isChallengeRefusal`): the same body with a new solution (the outbox
 * then replaces the entry under a new idempotency key), or null when the body is not an object.
 */
export async function withNewProofOfWork(body: unknown, challengeUrl: string, signal: AbortSignal): Promise<unknown> {
  if (!isObject(body)) return null;
  return { ...body, altcha: await proofOfWork(challengeUrl, signal) };
}
