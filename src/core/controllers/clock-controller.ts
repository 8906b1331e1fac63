import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * The time for countdowns (a ballot's voting window): `now()` follows the server's clock once an answer's `Date`
 * header has been seen (`sync`), and the host re-renders every `intervalMs` while it is connected and the tab shown.
 */
export class ClockController implements ReactiveController {
  /** Server time minus this device's time, in ms (a visitor's clock may be minutes off). */
  offsetMs = 0;
  private timer?: ReturnType<typeof setInterval>;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly intervalMs = 1_000,
  ) {
    host.addController(this);
  }

  /** Milliseconds since the epoch by the server's clock. */
  now(): number {
    return Date.now() + this.offsetMs;
  }

  /** Takes the server's time from an HTTP `Date` header (to the second); ignores a missing or broken one. */
  sync(dateHeader: string | null): void {
    const server = dateHeader ? Date.parse(dateHeader) : NaN;
    if (!Number.isNaN(server)) this.offsetMs = server - Date.now();
  }

  hostConnected(): void {
    document.addEventListener('visibilitychange', this.schedule);
    this.schedule();
  }

  hostDisconnected(): void {
    document.removeEventListener('visibilitychange', this.schedule);
    clearInterval(this.timer);
  }

  private readonly schedule = () => {
    clearInterval(this.timer);
    if (document.visibilityState === 'hidden') return;
    this.host.requestUpdate();
    this.timer = setInterval(() => this.host.requestUpdate(), this.intervalMs);
  };
}
