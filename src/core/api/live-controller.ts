import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Guard } from './guards.js';
import { NetworkController } from '../controllers/network-controller.js';

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
 * Follows a resource while the element is on screen (see `followLive`, loaded once the widget is connected, after
 * its first content). Stops while the tab is hidden, the browser is offline or the element is detached.
 */
export class LiveController<T> implements ReactiveController {
  private connected = false;
  private activeUrl: string | null = null;
  private stopController?: AbortController;
  private readonly network: NetworkController;

  constructor(
    host: ReactiveControllerHost,
    private readonly options: LiveOptions<T>,
  ) {
    host.addController(this);
    this.network = new NetworkController(host, (offline) => {
      this.restart();
      if (!offline) this.options.onOnline?.();
    });
  }

  /** True while the browser reports no network. */
  get offline(): boolean {
    return this.network.offline;
  }

  hostConnected(): void {
    this.connected = true;
    document.addEventListener('visibilitychange', this.onVisibilityChange);
  }

  hostUpdated(): void {
    const url = this.options.url();
    if (url !== this.activeUrl) this.restart();
  }

  hostDisconnected(): void {
    this.connected = false;
    document.removeEventListener('visibilitychange', this.onVisibilityChange);
    this.stop();
  }

  private readonly onVisibilityChange = () => this.restart();

  private restart(): void {
    this.stop();
    const url = this.options.url();
    this.activeUrl = url;
    if (!url || !this.connected || this.offline || document.visibilityState === 'hidden') return;
    const { signal } = (this.stopController = new AbortController());
    void import('./live-stream.js').then(({ followLive }) => signal.aborted || followLive(url, this.options, signal));
  }

  private stop(): void {
    this.stopController?.abort();
    this.stopController = undefined;
    // Forget the URL so the next hostUpdated (or restart) starts afresh.
    this.activeUrl = null;
  }
}
