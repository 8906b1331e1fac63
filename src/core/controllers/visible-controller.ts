import type { ReactiveController, ReactiveControllerHost } from 'lit';

export interface VisibleOptions {
  /** The element to watch, looked up after each render (it may be re-created, or not rendered yet). */
  target: () => Element | null | undefined;
  /** How far outside the viewport counts as visible ("about to scroll into view"). Default `200px`. */
  rootMargin?: string;
}

/**
 * Load-when-visible: tells once that a part of the host (a chart, a map) has come near the viewport, so its heavy
 * code and data load only for visitors who reach it. The target is looked up again after every render: a language
 * change or a reload re-creates it, and a detached element would never be seen.
 */
export class VisibleController implements ReactiveController {
  /** True once the target came within `rootMargin` of the viewport; stays true. */
  visible = false;

  private observer?: IntersectionObserver;
  private observed?: Element;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly options: VisibleOptions,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.watch();
  }

  hostUpdated(): void {
    this.watch();
  }

  hostDisconnected(): void {
    this.observer?.disconnect();
    this.observer = this.observed = undefined;
  }

  private watch(): void {
    if (this.visible) return;
    const target = this.options.target() ?? undefined;
    if (target === this.observed) return;
    this.observer ??= new IntersectionObserver(
      (entries) => {
        if (!entries.some((entry) => entry.isIntersecting && entry.target === this.observed)) return;
        this.visible = true;
        this.hostDisconnected();
        this.host.requestUpdate();
      },
      { rootMargin: this.options.rootMargin ?? '200px' },
    );
    if (this.observed) this.observer.unobserve(this.observed);
    this.observed = target;
    if (target) this.observer.observe(target);
  }
}
