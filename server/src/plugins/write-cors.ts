import type { FastifyInstance } from 'fastify';

/**
 * Writes (routes with `config.cors = false`, which the CORS plugin leaves alone) answer every origin readably:
 * success or refusal (403 `origin_not_allowed`, 404, 409, 413, 422, 429, 503…), the widget must read the
 * problem rather than see a network error. Whether the origin may write is decided by the route itself; this
 * only makes its answer readable. An app-level `onRequest` hook registered before the rate limits, so that
 * every answer, the earliest refusals included, carries the headers.
 */
export function registerWriteCors(app: FastifyInstance): void {
  app.addHook('onRequest', (request, reply, done) => {
    if (request.routeOptions.config.cors === false) {
      reply.header('vary', 'Origin');
      const origin = request.headers.origin;
      if (origin) {
        // Never credentials: the widgets send none, and not `*` so that the answer names the site.
        reply.header('access-control-allow-origin', origin);
        reply.header('access-control-expose-headers', 'Retry-After, Idempotent-Replayed');
      }
    }
    done();
  });
}
