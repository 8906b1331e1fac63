import type { FastifyInstance } from 'fastify';
import { createHash, timingSafeEqual } from 'node:crypto';
import { ProblemError } from '../problems.js';

const digest = (value: string) => createHash('sha256').update(value).digest();

/** Bearer-token check for every route of the scope, before the body is even read. */
export function requireAdminToken(scope: FastifyInstance, token: string): void {
  const expected = digest(token);
  scope.addHook('onRequest', (request, _reply, done) => {
    const header = request.headers.authorization ?? '';
    const presented = header.startsWith('Bearer ') ? header.slice('Bearer '.length).trim() : '';
    // Comparing digests keeps the comparison constant-time whatever the presented length.
    if (presented === '' || !timingSafeEqual(digest(presented), expected)) {
      done(new ProblemError(401, 'unauthorized', 'A valid admin bearer token is required.'));
      return;
    }
    done();
  });
}
