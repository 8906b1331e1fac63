import type { FastifyInstance } from 'fastify';
import { createHash } from 'node:crypto';

export const READ_CACHE_CONTROL = 'public, max-age=5, stale-while-revalidate=30';

function matches(ifNoneMatch: string, etag: string): boolean {
  return ifNoneMatch
    .split(',')
    .map((candidate) => candidate.trim().replace(/^W\//, ''))
    .some((candidate) => candidate === '*' || candidate === etag);
}

/**
 * ETag from the serialized body of successful JSON reads, so a CDN and the widgets can revalidate
 * cheaply; `If-None-Match` turns the answer into a 304.
 */
export function registerHttpCache(app: FastifyInstance): void {
  app.addHook('onSend', (request, reply, payload, done) => {
    const readable = request.method === 'GET' || request.method === 'HEAD';
    const json = String(reply.getHeader('content-type') ?? '').startsWith('application/json');
    if (!readable || reply.statusCode !== 200 || !json || typeof payload !== 'string') {
      done(null, payload);
      return;
    }
    // A cached answer comes with its ETag (plugins/read-cache.ts): no need to hash it again.
    const etag = String(reply.getHeader('etag') ?? `"${createHash('sha1').update(payload).digest('base64url')}"`);
    reply.header('etag', etag);
    if (!reply.hasHeader('cache-control')) reply.header('cache-control', READ_CACHE_CONTROL);
    const ifNoneMatch = request.headers['if-none-match'];
    if (ifNoneMatch && matches(ifNoneMatch, etag)) {
      reply.code(304);
      reply.removeHeader('content-length');
      done(null, '');
      return;
    }
    done(null, payload);
  });
}
