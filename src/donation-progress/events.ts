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

declare global {
  // Also types listeners on document and window (the events bubble and are composed); HTMLElementEventMap extends it.
  interface GlobalEventHandlersEventMap {
    'tadamon-donate-click': TadamonDonateClickEvent;
  }
}
