import type { FastifyInstance, FastifyReply } from 'fastify';
import { sql } from 'kysely';
import { CHANGES_CHANNEL, type TadamonDatabase } from '../db/database.js';
import { ReadCache, type Loaded } from '../services/read-cache.js';

declare module 'fastify' {
  interface FastifyInstance {
    readCache: ReadCache;
  }
}

/** Path parameters that name a cached resource, and the resource's kind. */
const RESOURCE_PARAMS: Record<string, string> = {
  campaignId: 'campaign',
  opportunityId: 'opportunity',
  ballotId: 'ballot',
  projectId: 'project',
};

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Sends a cached public read: the serialized answer with its ETag (plugins/http-cache.ts turns a matching
 * `If-None-Match` into a 304). `load` returns the answer as the route's response schema serializes it.
 */
export async function sendCached(
  reply: FastifyReply,
  kind: string,
  id: string,
  load: () => Promise<{ value: unknown; expiresAt?: number }>,
  variant = '',
): Promise<void> {
  const answer = await reply.server.readCache.get(kind, id, variant, async (): Promise<Loaded> => {
    const { value, expiresAt } = await load();
    return { body: reply.serialize(value) as string, expiresAt };
  });
  reply.type('application/json; charset=utf-8').header('etag', answer.etag).send(answer.body);
}

/**
 * The read cache and its invalidation. Any write request (POST, PUT, PATCH, DELETE) not refused with a 4xx drops the
 * resources its path names (`campaignId`, `opportunityId`, …; every resource when it names none) before its answer
 * leaves, then announces them on `CHANGES_CHANNEL` so that the other processes drop them too (a lost LISTEN
 * connection empties the cache). Campaign changes announced on `PROGRESS_CHANNEL`, the event streams' feed, are handled in app.ts.
 */
export async function registerReadCache(
  app: FastifyInstance,
  database: TadamonDatabase,
  maxResources: number,
): Promise<void> {
  const cache = new ReadCache(maxResources);
  app.decorate('readCache', cache);

  app.addHook('onSend', async (request, reply, payload) => {
    // A refused write (4xx: unknown path, bad input, a full shift) rolled back, if it began: it changed nothing, and
    // must not let anyone empty the cache at will.
    if (!WRITES.has(request.method) || (reply.statusCode >= 400 && reply.statusCode < 500)) return payload;
    const params = (request.params ?? {}) as Record<string, unknown>;
    const changed = Object.entries(RESOURCE_PARAMS)
      .filter(([param]) => typeof params[param] === 'string')
      .map(([param, kind]) => `${kind}:${params[param] as string}`);
    const announced = changed.length > 0 ? changed : ['*'];
    for (const change of announced) invalidate(change);
    try {
      for (const change of announced) await sql`select pg_notify(${CHANGES_CHANNEL}, ${change})`.execute(database.db);
    } catch (error) {
      request.log.error({ err: error }, 'read cache: announcing a change failed');
    }
    return payload;
  });

  function invalidate(change: string): void {
    if (change === '*') return cache.clear();
    const colon = change.indexOf(':');
    if (colon > 0) cache.invalidate(change.slice(0, colon), change.slice(colon + 1));
    else cache.clear();
  }

  const subscription = await database.listen(CHANGES_CHANNEL, invalidate, () => cache.clear());
  app.addHook('preClose', () => subscription.close());
}
