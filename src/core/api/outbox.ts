/**
 * Writes (a volunteer signup, a ballot) that must not be lost: each is stored in IndexedDB before it is
 * first sent, sent with its idempotency key until the server gives a final answer, then deleted, so no
 * personal data stays in the browser once the server has it. When IndexedDB is unavailable (some private
 * modes), entries live in memory only and `persistent` says so.
 */

/** One write waiting for a final answer. */
export interface OutboxEntry {
  /** The `Idempotency-Key`, created when the visitor pressed Submit. */
  key: string;
  url: string;
  body: unknown;
  /** Milliseconds since the epoch. */
  createdAt: number;
  /** Sends tried so far (answered or not). */
  attempts: number;
  /** Not before this time (ms since the epoch): backoff, or the server's `Retry-After`. */
  nextAttemptAt: number;
}

/** Timings; tests shorten them. */
export const outboxDefaults = {
  retryBaseMs: 1_000,
  retryMaxMs: 60_000,
  /**
   * Entries older than this are dropped unsent: the server keeps idempotency keys for 7 days, and
   * personal data must not wait in a browser forever.
   */
  maxAgeMs: 7 * 86_400_000,
};

/** Past the 7 days the server keeps idempotency keys: never sent again, deleted. */
export const isExpired = (entry: OutboxEntry, now = Date.now()) => now - entry.createdAt > outboxDefaults.maxAgeMs;

const DATABASE = 'tadamon';
const STORE = 'outbox';

let database: Promise<IDBDatabase> | undefined;
const memory = new Map<string, OutboxEntry>();
let persistent = true;

const done = <T>(request: IDBRequest<T>) =>
  new Promise<T>((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB request failed'));
  });

function openDatabase(): Promise<IDBDatabase> {
  database ??= new Promise<IDBDatabase>((resolve, reject) => {
    const request = indexedDB.open(DATABASE, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE, { keyPath: 'key' });
    request.onblocked = () => reject(new Error('IndexedDB blocked'));
    done(request).then((db) => {
      // Another tab upgrading the database (a newer version of the library) must not wait for us.
      db.onversionchange = () => {
        db.close();
        database = undefined;
      };
      resolve(db);
    }, reject);
  });
  return database;
}

/** Runs one transaction and resolves once it is committed (durably for writes). */
async function transaction<T>(
  mode: IDBTransactionMode,
  work: (store: IDBObjectStore) => IDBRequest<T> | void,
): Promise<T | undefined> {
  const db = await openDatabase();
  const tx = db.transaction(STORE, mode, { durability: mode === 'readwrite' ? 'strict' : 'default' });
  const request = work(tx.objectStore(STORE));
  await new Promise<void>((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction failed'));
  });
  return request ? request.result : undefined;
}

/** Tries IndexedDB; on any failure (private mode, quota, disabled storage) falls back to memory for good. */
async function withStorage<T>(indexedDb: () => Promise<T>, inMemory: () => T): Promise<T> {
  if (persistent && typeof indexedDB !== 'undefined') {
    try {
      return await indexedDb();
    } catch {
      persistent = false;
    }
  }
  persistent = false;
  return inMemory();
}

/** The entries that survive a reload (IndexedDB) or, in the fallback, only this page (memory). */
export const outboxStore = {
  /** False when entries are kept in memory only: they are lost if the page closes. */
  get persistent(): boolean {
    return persistent && typeof indexedDB !== 'undefined';
  },

  put(entry: OutboxEntry): Promise<void> {
    return withStorage(
      async () => void (await transaction('readwrite', (store) => void store.put(entry))),
      () => void memory.set(entry.key, entry),
    );
  },

  delete(key: string): Promise<void> {
    memory.delete(key);
    return withStorage(
      async () => void (await transaction('readwrite', (store) => void store.delete(key))),
      () => undefined,
    );
  },

  /** Removes `old` and writes `replacement` in one transaction: never both, never neither. */
  replace(old: string, replacement: OutboxEntry): Promise<void> {
    memory.delete(old);
    return withStorage(
      async () =>
        void (await transaction('readwrite', (store) => {
          store.delete(old);
          store.put(replacement);
        })),
      () => void memory.set(replacement.key, replacement),
    );
  },

  get(key: string): Promise<OutboxEntry | undefined> {
    return withStorage(
      async () =>
        memory.get(key) ?? (await transaction('readonly', (store) => store.get(key) as IDBRequest<OutboxEntry>)),
      () => memory.get(key),
    );
  },

  /** Every entry, oldest first. */
  async all(): Promise<OutboxEntry[]> {
    const stored = await withStorage(
      async () => (await transaction('readonly', (store) => store.getAll() as IDBRequest<OutboxEntry[]>)) ?? [],
      () => [],
    );
    const byKey = new Map([...stored, ...memory.values()].map((entry) => [entry.key, entry]));
    return [...byKey.values()].sort((a, b) => a.createdAt - b.createdAt);
  },

  /**
   * Deletes every entry older than `maxAgeMs`, whatever endpoint or page it came from (widgets sweep at each
   * start): an entry for an opportunity no page shows any more must not keep personal data for ever.
   */
  async sweepExpired(now = Date.now()): Promise<void> {
    for (const entry of await this.all()) if (isExpired(entry, now)) await this.delete(entry.key);
  },

  /** Empties the outbox and forgets the connection (tests, or a "forget me" button). */
  async clear(): Promise<void> {
    memory.clear();
    if (typeof indexedDB !== 'undefined') await transaction('readwrite', (store) => void store.clear()).catch(() => {});
    const db = await database?.catch(() => undefined);
    db?.close();
    database = undefined;
    persistent = true;
  },
};

/** A new idempotency key: unique per Submit press (and per changed body). */
export function newIdempotencyKey(): string {
  return crypto.randomUUID();
}

/** Waits `ms`, or less if the browser comes back online; rejects with the abort reason. */
export function waitForRetry(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason as Error);
    const finish = () => {
      clearTimeout(timer);
      window.removeEventListener('online', finish);
      signal.removeEventListener('abort', onAbort);
      resolve();
    };
    const onAbort = () => {
      clearTimeout(timer);
      window.removeEventListener('online', finish);
      reject(signal.reason as Error);
    };
    // While offline there is no point in waking up: only the `online` event ends the wait.
    const timer = setTimeout(finish, navigator.onLine ? Math.max(0, ms) : 2 ** 31 - 1);
    window.addEventListener('online', finish);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
