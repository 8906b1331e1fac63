import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ApiError } from './api-error.js';
import type { Guard } from './guards.js';
import type { OutboxEntry } from './outbox.js';
import type { OutboxSender } from './outbox-sender.js';

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

/**
 * Sends a host's writes through the outbox: `create(url, body)` stores the entry, `send(entry)` sends it until a
 * final answer. Stored entries for `url()` are resumed once it is set (the next page load) and retried at once when
 * the browser comes back online. Disconnecting stops sending but keeps the entries. The sending code and the store
 * (IndexedDB) load when `url()` is first set or with the first write: hosts set it once they show their content.
 */
export class OutboxController<T> implements ReactiveController {
  private abortController = new AbortController();
  private resumedUrl: string | null = null;
  private sender?: OutboxSender<T>;

  constructor(
    host: ReactiveControllerHost,
    private readonly options: OutboxOptions<T>,
  ) {
    host.addController(this);
  }

  /** False when entries are kept in memory only (no IndexedDB): closing the page loses them. */
  get persistent(): boolean {
    return this.sender?.persistent ?? true;
  }

  hostConnected(): void {
    this.abortController = new AbortController();
  }

  hostUpdated(): void {
    const url = this.options.url();
    if (url === this.resumedUrl) return;
    this.resumedUrl = url;
    const { signal } = this.abortController;
    if (url) void this.load().then((sender) => sender.resume(url, signal));
  }

  hostDisconnected(): void {
    this.abortController.abort();
    this.resumedUrl = null;
  }

  /** Creates the entry (a new idempotency key) and stores it; nothing is sent yet. */
  async create(url: string, body: unknown): Promise<OutboxEntry> {
    return (await this.load()).create(url, body);
  }

  /** Changes the body of an entry (see `OutboxSender.update`). */
  async update(entry: OutboxEntry, body: unknown): Promise<OutboxEntry> {
    return (await this.load()).update(entry, body);
  }

  /** Forgets an entry that will not be sent. */
  async discard(entry: OutboxEntry): Promise<void> {
    return (await this.load()).discard(entry);
  }

  /** Sends a stored entry until a final answer (or until the host disconnects). */
  async send(entry: OutboxEntry): Promise<void> {
    return (await this.load()).deliver(entry, this.abortController.signal);
  }

  private async load(): Promise<OutboxSender<T>> {
    const { OutboxSender } = await import('./outbox-sender.js');
    return (this.sender ??= new OutboxSender(this.options));
  }
}
