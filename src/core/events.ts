import type { SignupResult } from '../../server/src/schemas/opportunities.js';

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

export interface TadamonDonateClickDetail {
  campaign: string;
  url: string;
}

/** Fired when the visitor activates a Donate link. Cancelable: `preventDefault()` keeps the page from opening it. */
export class TadamonDonateClickEvent extends CustomEvent<TadamonDonateClickDetail> {
  constructor(detail: TadamonDonateClickDetail) {
    super('tadamon-donate-click', { bubbles: true, composed: true, cancelable: true, detail });
  }
}

export interface TadamonSignupQueuedDetail {
  /** The idempotency key of the stored signup. */
  key: string;
  opportunity: string;
}

/** A signup could not reach the server yet; it is stored on this device and will be sent automatically. */
export class TadamonSignupQueuedEvent extends CustomEvent<TadamonSignupQueuedDetail> {
  constructor(detail: TadamonSignupQueuedDetail) {
    super('tadamon-signup-queued', { bubbles: true, composed: true, detail });
  }
}

/** The server accepted a signup; `detail` is its answer (`status` `confirmed` or `waitlisted`, per shift). */
export class TadamonSignupConfirmedEvent extends CustomEvent<SignupResult> {
  constructor(detail: SignupResult) {
    super('tadamon-signup-confirmed', { bubbles: true, composed: true, detail });
  }
}

/** The server refused a signup for good (`shift_full`, `already_signed_up`, …); `detail` is `{ code, status }`. */
export class TadamonSignupFailedEvent extends CustomEvent<TadamonErrorDetail> {
  constructor(detail: TadamonErrorDetail) {
    super('tadamon-signup-failed', { bubbles: true, composed: true, detail });
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'tadamon-loaded': TadamonLoadedEvent;
    'tadamon-error': TadamonErrorEvent;
    'tadamon-donate-click': TadamonDonateClickEvent;
    'tadamon-signup-queued': TadamonSignupQueuedEvent;
    'tadamon-signup-confirmed': TadamonSignupConfirmedEvent;
    'tadamon-signup-failed': TadamonSignupFailedEvent;
  }
}
