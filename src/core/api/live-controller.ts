import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { getJson, sleep } from './client.js';
import { isAbortError } from './api-error.js';
import type { Guard } from './guards.js';

/** Timings of live updates; tests shorten them. */
export const liveDefaults = {
  /** SSE connections that fail in a row before falling back to polling. */
  maxStreamFailures: 3,
  reconnectBaseMs: 1_000,
  reconnectMaxMs: 30_000,
  pollIntervalMs: 15_000,
  /** While polling, the stream is tried again after this long, doubling (up to 5 min) each time it fails again. */
  streamRetryMs: 15_000,
  streamRetryMaxMs: 300_000,
};

export interface LiveOptions<T> {
  /** The resource URL (polled with ETag) or null when live updates are off; its SSE stream is `{url}/events`. */
  url: () => string | null;
  guard: Guard<T>;
  onValue: (value: T) => void;
  /** Called when the browser comes back online (e.g. to retry a failed load). */
  onOnline?: () => void;
  /** SSE event name carrying the resource. */
  eventName?: string;
}

/**
 * Follows a resource while the element is on screen: server-sent events first, reconnecting with backoff. After
 * repeated failures, or at once when the server refuses the stream (an HTTP error such as 503 when it holds too
 * many), polling with ETag, trying the stream again now and then (15 s, doubling up to 5 min: an EventSource cannot
 * read `Retry-After`) and going back to it once it opens. Stops while the tab is hidden, the browser is offline or
 * the element is detached.
 */
export class LiveController<T> implements ReactiveController {
  /** True while the browser reports no network. */
  offline = !navigator.onLine;
  /** How updates currently arrive. */
  mode: 'off' | 'stream' | 'polling' = 'off';

  private connected = false;
  private activeUrl: string | null = null;
  private source?: EventSource;
  private streamFailures = 0;
  /** Times in a row the stream was given up for polling; sets how long polling lasts before the next try. */
  private pollingRounds = 0;
  private stopController?: AbortController;
  private reconnectTimer?: ReturnType<typeof setTimeout>;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly options: LiveOptions<T>,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.connected = true;
    this.offline = !navigator.onLine;
    window.addEventListener('online', this.onNetworkChange);
    window.addEventListener('offline', this.onNetworkChange);
    document.addEventListener('visibilitychange', this.onVisibilityChange);
  }

  hostUpdated(): void {
    const url = this.options.url();
    if (url !== this.activeUrl) this.restart();
  }

  hostDisconnected(): void {
    this.connected = false;
    window.removeEventListener('online', this.onNetworkChange);
    window.removeEventListener('offline', this.onNetworkChange);
    document.removeEventListener('visibilitychange', this.onVisibilityChange);
    this.stop();
  }

  private readonly onNetworkChange = () => {
    this.offline = !navigator.onLine;
    this.host.requestUpdate();
    this.restart();
    if (!this.offline) this.options.onOnline?.();
  };

  private readonly onVisibilityChange = () => this.restart();

  private restart(): void {
    this.stop();
    const url = this.options.url();
    this.activeUrl = url;
    if (!url || !this.connected || this.offline || document.visibilityState === 'hidden') return;
    this.stopController = new AbortController();
    this.streamFailures = this.pollingRounds = 0;
    this.openStream(url);
  }

  private stop(): void {
    this.source?.close();
    this.source = undefined;
    clearTimeout(this.reconnectTimer);
    this.stopController?.abort();
    this.stopController = undefined;
    this.mode = 'off';
    // Forget the URL so the next hostUpdated (or restart) starts afresh.
    this.activeUrl = null;
  }

  private openStream(url: string): void {
    if (typeof EventSource !== 'function') return void this.poll(url);
    this.mode = 'stream';
    const source = new EventSource(`${url}/events`);
    this.source = source;
    source.addEventListener('open', () => (this.streamFailures = this.pollingRounds = 0));
    source.addEventListener(this.options.eventName ?? 'message', (event) => {
      let data: unknown;
      try {
        data = JSON.parse((event as MessageEvent<string>).data);
      } catch {
        return;
      }
      // A malformed update is dropped; the last good value stays on screen.
      if (this.options.guard(data)) this.options.onValue(data);
    });
    source.addEventListener('error', () => {
      // CLOSED: the server answered, but not with a stream (503 when it holds too many, 429, 5xx): it said no.
      const refused = source.readyState === CLOSED;
      // EventSource retries by itself, but not after HTTP errors and without backoff: take over.
      source.close();
      if (this.source !== source) return;
      this.source = undefined;
      this.streamFailures++;
      if (refused || this.streamFailures >= liveDefaults.maxStreamFailures) return void this.poll(url);
      const delay = Math.min(
        liveDefaults.reconnectBaseMs * 2 ** (this.streamFailures - 1),
        liveDefaults.reconnectMaxMs,
      );
      this.reconnectTimer = setTimeout(() => this.openStream(url), jitter(delay));
    });
  }

  /** Polls until the next try of the stream, which takes over if it opens. */
  private poll(url: string): void {
    const stopSignal = this.stopController?.signal;
    if (!stopSignal) return;
    this.mode = 'polling';
    this.streamFailures = 0;
    const pollController = new AbortController();
    const signal = AbortSignal.any([stopSignal, pollController.signal]);
    const retryIn = Math.min(liveDefaults.streamRetryMs * 2 ** this.pollingRounds++, liveDefaults.streamRetryMaxMs);
    this.reconnectTimer = setTimeout(() => {
      pollController.abort();
      this.openStream(url);
    }, jitter(retryIn));
    void this.pollUntil(url, signal);
  }

  private async pollUntil(url: string, signal: AbortSignal): Promise<void> {
    try {
      while (!signal.aborted) {
        await sleep(liveDefaults.pollIntervalMs, signal);
        try {
          this.options.onValue(await getJson(url, { guard: this.options.guard, signal, retries: 0 }));
        } catch (error) {
          if (isAbortError(error)) throw error;
          // A failed poll is retried at the next tick; the last good value stays on screen.
        }
      }
    } catch {
      // Stopped, or the stream is tried again.
    }
  }
}

/** `EventSource.CLOSED`. */
const CLOSED = 2;

/** Between half and all of `delay`, so many clients do not come back at the same moment. */
const jitter = (delay: number) => delay * (0.5 + Math.random() / 2);
