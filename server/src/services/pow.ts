import { createChallenge, randomInt, verifySolution, type Challenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2';
import { createHmac, randomBytes } from 'node:crypto';

export interface PowOptions {
  /** HMAC secret; replicas behind one load balancer must share it. Random per process when absent. */
  secret?: string;
  /** PBKDF2 iterations per attempt. */
  cost?: number;
  /** The solver needs `counter` attempts, drawn in [maxCounter / 2, maxCounter]. */
  maxCounter?: number;
  expiresInMs?: number;
}

const ALGORITHM = 'PBKDF2/SHA-256';
// About 10^6 PBKDF2-SHA-256 iterations on average: ~0.25 s in Node on a laptop core, about a second
// on a mid-range phone's WebCrypto (the ALTCHA widget also spreads it over several workers).
const DEFAULT_COST = 1000;
const DEFAULT_MAX_COUNTER = 1500;

export interface VerifiedChallenge {
  /** Unique per challenge: recorded when used, so a solved challenge serves one signup only. */
  signature: string;
  expiresAt: Date;
}

/**
 * ALTCHA v2 proof of work in deterministic mode: the server knows the answer's key signature, so
 * checking a solution is one HMAC, whatever the cost for the client.
 */
export class ProofOfWork {
  private readonly secret: string;
  private readonly keySecret: string;
  private readonly cost: number;
  private readonly maxCounter: number;
  private readonly expiresInMs: number;

  constructor(options: PowOptions = {}) {
    this.secret = options.secret || randomBytes(32).toString('base64url');
    this.keySecret = createHmac('sha256', this.secret).update('tadamon-altcha-key').digest('hex');
    this.cost = options.cost ?? DEFAULT_COST;
    this.maxCounter = options.maxCounter ?? DEFAULT_MAX_COUNTER;
    this.expiresInMs = options.expiresInMs ?? 10 * 60_000;
  }

  /** A challenge valid for one opportunity only. */
  create(opportunityId: string): Promise<Challenge> {
    return createChallenge({
      algorithm: ALGORITHM,
      cost: this.cost,
      counter: randomInt(this.maxCounter, Math.max(1, Math.floor(this.maxCounter / 2))),
      deriveKey,
      data: { opportunity: opportunityId },
      expiresAt: new Date(Date.now() + this.expiresInMs),
      hmacSignatureSecret: this.secret,
      hmacKeySignatureSecret: this.keySecret,
    });
  }

  /** Checks a base64 ALTCHA payload (`{ challenge, solution }`); undefined when invalid, expired or for another opportunity. */
  async verify(payload: string | undefined, opportunityId: string): Promise<VerifiedChallenge | undefined> {
    if (!payload) return undefined;
    let parsed: unknown;
    try {
      parsed = JSON.parse(Buffer.from(payload, 'base64').toString('utf8'));
    } catch {
      return undefined;
    }
    const { challenge, solution } = (parsed ?? {}) as { challenge?: Challenge; solution?: unknown };
    const parameters = challenge?.parameters;
    if (
      typeof parameters !== 'object' ||
      parameters === null ||
      typeof challenge?.signature !== 'string' ||
      typeof solution !== 'object' ||
      solution === null ||
      parameters.algorithm !== ALGORITHM ||
      parameters.data?.opportunity !== opportunityId ||
      typeof parameters.expiresAt !== 'number'
    ) {
      return undefined;
    }
    try {
      const result = await verifySolution({
        challenge,
        solution: solution as { counter: number; derivedKey: string },
        deriveKey,
        hmacSignatureSecret: this.secret,
        hmacKeySignatureSecret: this.keySecret,
      });
      if (!result.verified) return undefined;
    } catch {
      // Malformed parameters (a bad hex string, …) are an invalid solution, not a server error.
      return undefined;
    }
    return { signature: challenge.signature, expiresAt: new Date(parameters.expiresAt * 1000) };
  }
}
