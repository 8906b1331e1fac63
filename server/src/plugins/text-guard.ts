import type { FastifyInstance } from 'fastify';
import { ProblemError } from '../problems.js';

// NUL cannot be stored in PostgreSQL text or jsonb, and a lone surrogate would be silently
// replaced by U+FFFD: both are refused up front instead of failing (or corrupting) in the database.
const FORBIDDEN = /\u0000|\p{Cs}/u;

/** Path of the first string (key or value) holding a forbidden character, if any. Iterative: bodies may nest deeply. */
export function findForbiddenText(body: unknown): string | undefined {
  const stack: [unknown, string][] = [[body, '']];
  while (stack.length > 0) {
    const [value, path] = stack.pop()!;
    if (typeof value === 'string') {
      if (FORBIDDEN.test(value)) return path;
    } else if (value !== null && typeof value === 'object') {
      for (const [key, child] of Object.entries(value)) {
        const childPath = path ? `${path}.${key}` : key;
        if (FORBIDDEN.test(key)) return childPath;
        stack.push([child, childPath]);
      }
    }
  }
  return undefined;
}

export function registerTextGuard(app: FastifyInstance): void {
  app.addHook('preValidation', (request, _reply, done) => {
    const field = request.body === undefined ? undefined : findForbiddenText(request.body);
    if (field === undefined) {
      done();
      return;
    }
    done(
      new ProblemError(422, 'validation_failed', 'Text contains characters that cannot be stored.', [
        { field: field.replace(/[\u0000\uD800-\uDFFF]/g, '?'), code: 'invalid_characters' },
      ]),
    );
  });
}
