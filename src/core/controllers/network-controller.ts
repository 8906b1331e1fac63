import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * Online or offline, as the browser reports it, for any widget: the host re-renders when it changes, and `onChange`
 * runs then (retry a failed load, reopen a stream). Listens only while the host is connected.
 */
export class NetworkController implements ReactiveController {
  offline = !navigator.onLine;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly onChange?: (offline: boolean) => void,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.offline = !navigator.onLine;
    window.addEventListener('online', this.changed);
    window.addEventListener('offline', this.changed);
  }

  hostDisconnected(): void {
    window.removeEventListener('online', this.changed);
    window.removeEventListener('offline', this.changed);
  }

  private readonly changed = () => {
    this.offline = !navigator.onLine;
    this.host.requestUpdate();
    this.onChange?.(this.offline);
  };
}
