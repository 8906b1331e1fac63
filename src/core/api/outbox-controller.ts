import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { isAbortError, toApiError, type ApiError } from './api-error.js';
import { isRetryable, postJson, retryDelay } from './client.js';
import type { Guard } from './guards.js';
import type * as OutboxModule from './outbox.js';
import type { OutboxEntry } from './outbox.js';

/** The store (IndexedDB) loads when `url()` is first set or with the first write: hosts set it once they show. */
let loaded: typeof OutboxModule | undefined;
const outbox = async () => (loaded ??= await import('./outbox.js'));

export interface OutboxOptions<T> {
  /**
   * The endpoint whose stored entries this host sends (e.g. an opportunity's signups), or null (none yet). Return
   * null until the host shows its content: resuming loads the store, and expired entries are swept then.
   */
  url: () => string | null;
  /** The shape of a successful answer. */
  guard: Guard<T>;
  /**
   * A final answer that a new body can fix (an expired proof of work): return the new body, or null to
   * give up. Called at most once per delivery; it may throw to be tried again after a backoff.
   */
  recover?: (entry: OutboxEntry, error: ApiError, signal: AbortSignal) => Promise<unknown>;
  /** An entry left by an earlier page (or an earlier element) is being sent again. */
  onResumed?: (entry: OutboxEntry) => void;
  /** A send failed in a way worth retrying; the entry stays stored and will be sent again. */
  onRetry?: (entry: OutboxEntry, error: ApiError) => void;
  /** The server accepted the write; the entry is gone. */
  onDelivered: (entry: OutboxEntry, value: T) => void;
  /** The server refused the write for good (a 4xx); the entry is gone. */
  onFailed: (entry: OutboxEntry, error: ApiError) => void;
}

/** Worth sending again: no answer, a 5xx, a 429, or the same key still being processed (another tab). */
export const shouldRetry = (error: ApiError) =>
  isRetryable(error) || error.status === 408 || error.code === 'request_in_progress';

// One delivery per key on a page, even when two elements show the same resource.
const delivering = new Set<string>();

/**
 * Sends a host's writes through the outbox: `submit(url, body)` stores the entry, then sends it until a
 * final answer. Stored entries for `url()` are resumed when the host connects (the next page load) and
 * retried at once when the browser comes back online. Disconnecting stops sending but keeps the entries.
 */
export class OutboxController<T> implements ReactiveController {
  private abortController = new AbortController();
  private resumedUrl: string | null = null;

  constructor(
    host: ReactiveControllerHost,
    private readonly options: OutboxOptions<T>,
  ) {
    host.addController(this);
  }

  /** False when entries are kept in memory only (no IndexedDB): closing the page loses them. */
  get persistent(): boolean {
    return loaded?.outboxStore.persistent ?? true;
  }

  hostConnected(): void {
    this.abortController = new AbortController();
  }

  hostUpdated(): void {
    const url = this.options.url();
    if (url === this.resumedUrl) return;
    this.resumedUrl = url;
    if (url) void this.resume(url);
  }

  hostDisconnected(): void {
    this.abortController.abort();
    this.resumedUrl = null;
  }

  /** Creates the entry (a new idempotency key) and stores it; nothing is sent yet. */
  async create(url: string, body: unknown): Promise<OutboxEntry> {
    const { newIdempotencyKey, outboxStore } = await outbox();
    const now = Date.now();
    const entry: OutboxEntry = { key: newIdempotencyKey(), url, body, createdAt: now, attempts: 0, nextAttemptAt: now };
    await outboxStore.put(entry);
    return entry;
  }

  /**
   * Changes the body of an entry. Before the first send the key stays; after it the server may have seen
   * the key with the old body (it would answer `idempotency_key_reused`), so a new key replaces the entry
   * in one transaction.
   */
  async update(entry: OutboxEntry, body: unknown): Promise<OutboxEntry> {
    const { newIdempotencyKey, outboxStore } = await outbox();
    const key = entry.attempts ? newIdempotencyKey() : entry.key;
    const updated: OutboxEntry = { ...entry, key, body, attempts: 0, nextAttemptAt: Date.now() };
    await outboxStore.replace(entry.key, updated);
    return updated;
  }

  /** Forgets an entry that will not be sent. */
  async discard(entry: OutboxEntry): Promise<void> {
    await (await outbox()).outboxStore.delete(entry.key);
  }

  /** Sends a stored entry until a final answer (or until the host disconnects). */
  send(entry: OutboxEntry): Promise<void> {
    return this.deliver(entry, this.abortController.signal);
  }

  private async resume(url: string): Promise<void> {
    const { outboxStore } = await outbox();
    // Every start deletes every expired entry, whatever endpoint or page it came from.
    await outboxStore.sweepExpired().catch(() => {});
    const entries = await outboxStore.all().catch(() => []);
    for (const entry of entries) {
      if (entry.url !== url || delivering.has(entry.key)) continue;
      this.options.onResumed?.(entry);
      void this.deliver(entry, this.abortController.signal);
    }
  }

  private async deliver(initial: OutboxEntry, signal: AbortSignal): Promise<void> {
    const { isExpired, outboxDefaults, outboxStore, waitForRetry } = await outbox();
    let entry = initial;
    if (delivering.has(entry.key)) return;
    delivering.add(entry.key);
    let recovered = false;
    try {
      for (;;) {
        // A fresh entry goes out at once, even offline: the failure is what tells the host it is queued.
        if (entry.attempts) await waitForRetry(entry.nextAttemptAt - Date.now(), signal);
        let error: ApiError;
        try {
          const value = await postJson(entry.url, entry.body, {
            guard: this.options.guard,
            idempotencyKey: entry.key,
            signal,
          });
          await outboxStore.delete(entry.key);
          this.options.onDelivered(entry, value);
          return;
        } catch (caught) {
          if (isAbortError(caught) || signal.aborted) return;
          error = toApiError(caught);
        }
        const attempts = entry.attempts + 1;
        if (!shouldRetry(error) && !recovered && this.options.recover) {
          try {
            const body = await this.options.recover({ ...entry, attempts }, error, signal);
            if (body !== null && body !== undefined) {
              delivering.delete(entry.key);
              entry = await this.update({ ...entry, attempts }, body);
              delivering.add(entry.key);
              recovered = true;
              continue;
            }
          } catch (recoverError) {
            if (signal.aborted) return;
            // Could not fix it now (no network for a new challenge): keep the entry and try later.
            const recoverApiError = toApiError(recoverError);
            if (shouldRetry(recoverApiError)) error = recoverApiError;
          }
        }
        // A failure that persists is retried, but not past the days the server keeps the key: then it is final.
        if (shouldRetry(error) && !isExpired(entry)) {
          entry = {
            ...entry,
            attempts,
            nextAttemptAt: Date.now() + retryDelay(attempts - 1, error, outboxDefaults),
          };
          await outboxStore.put(entry);
          this.options.onRetry?.(entry, error);
          continue;
        }
        await outboxStore.delete(entry.key);
        this.options.onFailed(entry, error);
        return;
      }
    } catch (error) {
      if (!isAbortError(error) && !signal.aborted) throw error;
    } finally {
      delivering.delete(entry.key);
    }
  }
}
