import type { SignupResult } from '../../server/src/schemas/opportunities.js';
import type { TadamonErrorDetail } from '../core/events.js';

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
  // Also types listeners on document and window (the events bubble and are composed); HTMLElementEventMap extends it.
  interface GlobalEventHandlersEventMap {
    'tadamon-signup-queued': TadamonSignupQueuedEvent;
    'tadamon-signup-confirmed': TadamonSignupConfirmedEvent;
    'tadamon-signup-failed': TadamonSignupFailedEvent;
  }
}
