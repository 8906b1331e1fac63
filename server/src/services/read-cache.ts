import { createHash } from 'node:crypto';

/** A serialized public answer, ready to send as is. */
export interface CachedAnswer {
  body: string;
  etag: string;
}

export interface Loaded {
  /** The serialized answer. */
  body: string;
  /** When the answer changes by itself (a campaign starting or ending): it is not served from then on. */
  expiresAt?: number;
}

interface Entry extends CachedAnswer {
  expiresAt: number;
}

interface Pending {
  promise: Promise<CachedAnswer>;
  /** An invalidation arrived while loading: the answer may predate the write and is not kept. */
  stale: boolean;
}

/** The strong ETag of a serialized answer (the one plugins/http-cache.ts gives any JSON read). */
export const etagOf = (body: string) => `"${createHash('sha1').update(body).digest('base64url')}"`;

/**
 * In-process cache of the public reads (campaigns, opportunities, and the ballots and projects to come), keyed by
 * kind and resource id, then by whatever else shapes the answer (a query string, a locale). Each resource is
 * dropped by `invalidate` (every write path and every NOTIFY); a load that an invalidation overtook answers its own
 * request but is not kept, so a read that starts after a write never gets what was there before it. Holds at most
 * `maxResources` resources, the least recently read going first; concurrent misses share one load.
 */
export class ReadCache {
  readonly #entries = new Map<string, Map<string, Entry>>();
  readonly #pending = new Map<string, Pending>();

  constructor(readonly maxResources = 1000) {}

  /** Resources held (all their variants together). */
  get size(): number {
    return this.#entries.size;
  }

  async get(kind: string, id: string, variant: string, load: () => Promise<Loaded>): Promise<CachedAnswer> {
    if (this.maxResources <= 0) {
      const { body } = await load();
      return { body, etag: etagOf(body) };
    }
    const resource = `${kind}\n${id}`;
    const key = `${resource}\n${variant}`;
    const variants = this.#entries.get(resource);
    const entry = variants?.get(variant);
    if (variants && entry && Date.now() < entry.expiresAt) {
      // Most recently read last: the first key of the map is the one to drop.
      this.#entries.delete(resource);
      this.#entries.set(resource, variants);
      return entry;
    }
    const running = this.#pending.get(key);
    if (running) return running.promise;
    const pending: Pending = { promise: undefined!, stale: false };
    pending.promise = load().then(
      ({ body, expiresAt = Infinity }) => {
        const answer = { body, etag: etagOf(body), expiresAt };
        if (this.#pending.get(key) === pending) this.#pending.delete(key);
        if (!pending.stale && Date.now() < expiresAt) this.#store(resource, variant, answer);
        return { body, etag: answer.etag };
      },
      (error: unknown) => {
        if (this.#pending.get(key) === pending) this.#pending.delete(key);
        throw error;
      },
    );
    this.#pending.set(key, pending);
    return pending.promise;
  }

  #store(resource: string, variant: string, entry: Entry): void {
    const variants = this.#entries.get(resource) ?? new Map<string, Entry>();
    variants.set(variant, entry);
    this.#entries.delete(resource);
    this.#entries.set(resource, variants);
    while (this.#entries.size > this.maxResources) this.#entries.delete(this.#entries.keys().next().value!);
  }

  /** Drops every answer about one resource, and keeps no load that started before this call. */
  invalidate(kind: string, id: string): void {
    const resource = `${kind}\n${id}`;
    this.#entries.delete(resource);
    for (const [key, pending] of this.#pending) {
      if (key.startsWith(`${resource}\n`)) this.#forget(key, pending);
    }
  }

  /** Drops every answer of one kind, or everything. */
  clear(kind?: string): void {
    const matches = (key: string) => kind === undefined || key.startsWith(`${kind}\n`);
    for (const resource of [...this.#entries.keys()]) if (matches(resource)) this.#entries.delete(resource);
    for (const [key, pending] of this.#pending) if (matches(key)) this.#forget(key, pending);
  }

  #forget(key: string, pending: Pending): void {
    pending.stale = true;
    // Reads from now on start their own load, after the write.
    this.#pending.delete(key);
  }
}
