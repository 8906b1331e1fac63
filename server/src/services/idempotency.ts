import type { FastifyReply, FastifyRequest } from 'fastify';
import { createHash } from 'node:crypto';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../db/types.js';
import { problemBody, ProblemError } from '../problems.js';

export const IDEMPOTENCY_KEY_TTL_MS = 7 * 86_400_000;
export const IDEMPOTENCY_KEY_MAX_LENGTH = 255;

/** JSON with object keys sorted at every level: the same body always hashes the same, whatever the key order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, child]) => child !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, child]) => `${JSON.stringify(key)}:${canonicalJson(child)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function requestHash(body: unknown): string {
  return createHash('sha256').update(canonicalJson(body)).digest('hex');
}

export interface Answer {
  status: number;
  body: unknown;
  /** True when this is the stored answer of an earlier request with the same key. */
  replayed: boolean;
}

export interface IdempotentRequest {
  /** Method, route and resource, e.g. `POST /opportunities/x/signups`: the same key elsewhere is another key. */
  scope: string;
  key: string;
  hash: string;
}

/**
 * Runs `work` at most once per key, in one transaction with the stored answer, so a signup and
 * its answer commit (or vanish) together. Problems raised by `work` are answers too: they are
 * stored (its writes rolled back to a savepoint) and replayed like a success.
 */
export async function runIdempotent(
  db: Kysely<Database>,
  request: IdempotentRequest,
  work: (trx: Transaction<Database>) => Promise<{ status: number; body: unknown }>,
): Promise<Answer> {
  return db.transaction().execute(async (trx) => {
    // A transaction-scoped advisory lock on the key: a second request with the same key while the first
    // is running gets 409 at once instead of queueing behind it; it is released at commit, when the
    // stored answer becomes visible. (A hash collision between two keys only costs a spurious retry.)
    const { rows } = await sql<{ locked: boolean }>`
      select pg_try_advisory_xact_lock(hashtextextended(${`${request.scope}\n${request.key}`}, 0)) as locked
    `.execute(trx);
    if (!rows[0]?.locked) {
      throw new ProblemError(409, 'request_in_progress', 'A request with this Idempotency-Key is still running.');
    }
    const previous = await trx
      .selectFrom('idempotency_keys')
      .select(['request_hash', 'status_code', 'response'])
      .where('scope', '=', request.scope)
      .where('key', '=', request.key)
      .where('expires_at', '>', sql<Date>`now()`)
      .executeTakeFirst();
    if (previous) {
      if (previous.request_hash !== request.hash) {
        throw new ProblemError(
          422,
          'idempotency_key_reused',
          'This Idempotency-Key was used with another request body; use a new key for a new request.',
        );
      }
      return { status: previous.status_code, body: previous.response, replayed: true };
    }

    await sql`savepoint idempotent_work`.execute(trx);
    let answer: { status: number; body: unknown };
    try {
      answer = await work(trx);
    } catch (error) {
      if (!(error instanceof ProblemError) || error.statusCode >= 500) throw error;
      await sql`rollback to savepoint idempotent_work`.execute(trx);
      answer = {
        status: error.statusCode,
        body: problemBody(error.statusCode, error.code, error.detail, error.errors, error.extensions),
      };
    }
    const values = {
      request_hash: request.hash,
      status_code: answer.status,
      response: JSON.stringify(answer.body),
      expires_at: new Date(Date.now() + IDEMPOTENCY_KEY_TTL_MS),
    };
    // An expired row for this key may still be there (cleanup is periodic): it is replaced.
    await trx
      .insertInto('idempotency_keys')
      .values({ scope: request.scope, key: request.key, ...values })
      .onConflict((oc) => oc.columns(['scope', 'key']).doUpdateSet(values))
      .execute();
    return { ...answer, replayed: false };
  });
}

/** Whether an answer is stored for this key (a replay would get it). */
export async function hasStoredAnswer(db: Kysely<Database>, scope: string, key: string): Promise<boolean> {
  const row = await db
    .selectFrom('idempotency_keys')
    .select('key')
    .where('scope', '=', scope)
    .where('key', '=', key)
    .where('expires_at', '>', sql<Date>`now()`)
    .executeTakeFirst();
  return row !== undefined;
}

/** Deletes keys and used challenges past their expiry. */
export async function deleteExpired(db: Kysely<Database>): Promise<{ keys: number; challenges: number }> {
  const keys = await db
    .deleteFrom('idempotency_keys')
    .where('expires_at', '<=', sql<Date>`now()`)
    .executeTakeFirst();
  const challenges = await db
    .deleteFrom('used_challenges')
    .where('expires_at', '<=', sql<Date>`now()`)
    .executeTakeFirst();
  return { keys: Number(keys.numDeletedRows), challenges: Number(challenges.numDeletedRows) };
}

/** `onRequest` hook of writes: 400 `idempotency_key_required` without a usable `Idempotency-Key` header. */
export function requireIdempotencyKey(
  request: FastifyRequest,
  _reply: FastifyReply,
  done: (error?: Error) => void,
): void {
  const key = request.headers['idempotency-key'];
  if (typeof key !== 'string' || key.trim() === '' || key.length > IDEMPOTENCY_KEY_MAX_LENGTH) {
    done(
      new ProblemError(
        400,
        'idempotency_key_required',
        `Send an Idempotency-Key header of 1 to ${IDEMPOTENCY_KEY_MAX_LENGTH} characters.`,
      ),
    );
    return;
  }
  done();
}
