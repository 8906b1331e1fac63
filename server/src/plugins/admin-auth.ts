import type { FastifyInstance } from 'fastify';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ProblemError } from '../problems.js';
import { checkAdminToken } from '../settings.js';

const digest = (value: string) => createHash('sha256').update(value).digest();

/** Where the generated admin token is kept, inside the data folder. */
export const ADMIN_TOKEN_FILE = 'admin-token';

/**
 * The admin token: the configured one, else the one generated into the data folder on first start (mode 0600,
 * so only the server's user reads it) and read back on every later start.
 */
export function resolveAdminToken(configured: string | undefined, dataDir: string): { token: string; file?: string } {
  if (configured !== undefined) return { token: configured };
  const file = join(dataDir, ADMIN_TOKEN_FILE);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  try {
    // `wx`: two processes starting at once cannot both write one.
    writeFileSync(file, `${randomBytes(32).toString('base64url')}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const token = readFileSync(file, 'utf8').trim();
  checkAdminToken(token, file);
  return { token, file };
}

/** Bearer-token check for every route of the scope, before the body is even read. */
export function requireAdminToken(scope: FastifyInstance, token: string): void {
  const expected = digest(token);
  scope.addHook('onRequest', (request, _reply, done) => {
    // The scheme is case-insensitive (RFC 9110 §11.1).
    const presented = /^bearer +(\S+) *$/i.exec(request.headers.authorization ?? '')?.[1];
    // Comparing digests keeps the comparison constant-time whatever the presented length.
    if (presented === undefined || !timingSafeEqual(digest(presented), expected)) {
      done(new ProblemError(401, 'unauthorized', 'A valid admin bearer token is required.'));
      return;
    }
    done();
  });
}
