/** Fired once a widget has loaded its resource; `detail` is that resource (e.g. the campaign). */
export class TadamonLoadedEvent<T = unknown> extends CustomEvent<T> {
  constructor(detail: T) {
    super('tadamon-loaded', { bubbles: true, composed: true, detail });
  }
}

export interface TadamonErrorDetail {
  /** Stable machine word: an API `code` (`campaign_not_found`) or a client one (`network`, `timeout`, `malformed_response`, `missing_api_base`). */
  code: string;
  /** HTTP status, 0 when no answer arrived. */
  status: number;
}

/** Fired when a widget enters an error state. */
export class TadamonErrorEvent extends CustomEvent<TadamonErrorDetail> {
  constructor(detail: TadamonErrorDetail) {
    super('tadamon-error', { bubbles: true, composed: true, detail });
  }
}

declare global {
  // Also types listeners on document and window (the events bubble and are composed); HTMLElementEventMap extends it.
  interface GlobalEventHandlersEventMap {
    'tadamon-loaded': TadamonLoadedEvent;
    'tadamon-error': TadamonErrorEvent;
  }
}
