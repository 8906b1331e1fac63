import { isAbortError, toApiError, type ApiError } from './api-error.js';
import { isRetryable, postJson, retryDelay } from './client.js';
import type { OutboxOptions } from './outbox-controller.js';
import { isExpired, newIdempotencyKey, outboxDefaults, outboxStore, waitForRetry, type OutboxEntry } from './outbox.js';

/** Worth sending again: no answer, a 5xx, a 429, or the same key still being processed (another tab). */
export const shouldRetry = (error: ApiError) =>
  isRetryable(error) || error.status === 408 || error.code === 'request_in_progress';

// One delivery per key on a page, even when two elements show the same resource.
const delivering = new Set<string>();

/**
 * The sending half of `OutboxController`, loaded once the host shows its content (or with its first write): the
 * store, resuming, and delivery until a final answer.
 */
export class OutboxSender<T> {
  constructor(private readonly options: OutboxOptions<T>) {}

  /** False when entries are kept in memory only (no IndexedDB): closing the page loses them. */
  get persistent(): boolean {
    return outboxStore.persistent;
  }

  /** Creates the entry (a new idempotency key) and stores it; nothing is sent yet. */
  async create(url: string, body: unknown): Promise<OutboxEntry> {
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
    const key = entry.attempts ? newIdempotencyKey() : entry.key;
    const updated: OutboxEntry = { ...entry, key, body, attempts: 0, nextAttemptAt: Date.now() };
    await outboxStore.replace(entry.key, updated);
    return updated;
  }

  /** Forgets an entry that will not be sent. */
  discard(entry: OutboxEntry): Promise<void> {
    return outboxStore.delete(entry.key);
  }

  /** Sends the stored entries for `url`, after deleting every expired entry, whatever endpoint or page it came from. */
  async resume(url: string, signal: AbortSignal): Promise<void> {
    await outboxStore.sweepExpired().catch(() => {});
    const entries = await outboxStore.all().catch(() => []);
    for (const entry of entries) {
      if (entry.url !== url || delivering.has(entry.key)) continue;
      this.options.onResumed?.(entry);
      void this.deliver(entry, signal);
    }
  }

  /** Sends a stored entry until a final answer (or until `signal` aborts). */
  async deliver(initial: OutboxEntry, signal: AbortSignal): Promise<void> {
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
