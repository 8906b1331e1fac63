import { createChallenge, randomInt, verifySolution, type Challenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2';
import type { Kysely } from 'kysely';
import { createHmac, randomBytes } from 'node:crypto';
import type { Database } from '../db/types.js';

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

/** What a challenge is for: one resource of one kind (an opportunity's signups, a ballot's votes, …). */
export interface PowSubject {
  kind: 'opportunity' | 'ballot';
  id: string;
}

/** `replayed`: valid, but already used for an earlier write. */
export type RedeemResult = 'ok' | 'invalid' | 'replayed';

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

  /** A challenge valid for one subject only. */
  create(subject: PowSubject): Promise<Challenge> {
    return createChallenge({
      algorithm: ALGORITHM,
      cost: this.cost,
      counter: randomInt(this.maxCounter, Math.max(1, Math.floor(this.maxCounter / 2))),
      deriveKey,
      // `{ opportunity: "<id>" }`, `{ ballot: "<id>" }`: signed with the rest of the parameters.
      data: { [subject.kind]: subject.id },
      expiresAt: new Date(Date.now() + this.expiresInMs),
      hmacSignatureSecret: this.secret,
      hmacKeySignatureSecret: this.keySecret,
    });
  }

  /** Checks a base64 ALTCHA payload (`{ challenge, solution }`); undefined when invalid, expired or for another subject. */
  async verify(payload: string | undefined, subject: PowSubject): Promise<VerifiedChallenge | undefined> {
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
      !isFor(parameters.data, subject) ||
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

  /**
   * What `redeem` would answer now, recording nothing: lets a write refuse a missing, forged or replayed proof before
   * it writes anything at all (`redeem` in the write's transaction still decides).
   */
  async check(db: Kysely<Database>, payload: string | undefined, subject: PowSubject): Promise<RedeemResult> {
    const verified = await this.verify(payload, subject);
    if (!verified) return 'invalid';
    const used = await db
      .selectFrom('used_challenges')
      .select('signature')
      .where('signature', '=', verified.signature)
      .executeTakeFirst();
    return used ? 'replayed' : 'ok';
  }

  /**
   * Verifies the payload and records its challenge as used, in the caller's transaction (rolled back with the write
   * it protects): a solved challenge buys exactly one write.
   */
  async redeem(trx: Kysely<Database>, payload: string | undefined, subject: PowSubject): Promise<RedeemResult> {
    const verified = await this.verify(payload, subject);
    if (!verified) return 'invalid';
    const fresh = await trx
      .insertInto('used_challenges')
      .values({ signature: verified.signature, expires_at: verified.expiresAt })
      .onConflict((oc) => oc.column('signature').doNothing())
      .returning('signature')
      .executeTakeFirst();
    return fresh ? 'ok' : 'replayed';
  }
}

/** Whether a challenge's `data` names exactly this subject. */
function isFor(data: unknown, { kind, id }: PowSubject): boolean {
  if (typeof data !== 'object' || data === null) return false;
  const keys = Object.keys(data);
  return keys.length === 1 && keys[0] === kind && (data as Record<string, unknown>)[kind] === id;
}
