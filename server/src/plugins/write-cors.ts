import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

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

/**
 * The preflight of a write (route with `config.cors = false`): a preflight carries no data, so 204 for any origin
 * (registerWriteCors names it); the browser then sends the write and the widget can read its answer,
 * `origin_not_allowed` included. The origin check itself is on the write.
 */
export function answerWritePreflight(_request: FastifyRequest, reply: FastifyReply): FastifyReply {
  return reply
    .status(204)
    .header('access-control-allow-methods', 'POST')
    .header('access-control-allow-headers', 'Content-Type, Idempotency-Key')
    .header('access-control-max-age', '600')
    .send();
}
