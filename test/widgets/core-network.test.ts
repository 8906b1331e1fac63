import { assert, fixture, html } from '@open-wc/testing';
import { LitElement } from 'lit';
import { NetworkController } from '../../src/core/controllers/network-controller.js';

class NetworkHost extends LitElement {
  changes: boolean[] = [];
  renders = 0;
  readonly network = new NetworkController(this, (offline) => this.changes.push(offline));
  override render() {
    this.renders++;
    return html`${this.network.offline ? 'offline' : 'online'}`;
  }
}
customElements.define('network-host', NetworkHost);

describe('NetworkController', () => {
  const setOnline = (online: boolean) => {
    Object.defineProperty(navigator, 'onLine', { configurable: true, get: () => online });
    window.dispatchEvent(new Event(online ? 'online' : 'offline'));
  };
  afterEach(() => {
    delete (navigator as { onLine?: boolean }).onLine;
  });

  it('follows the browser, re-renders the host and tells it, only while connected', async () => {
    const el = await fixture<NetworkHost>(html`<network-host></network-host>`);
    assert.strictEqual(el.shadowRoot!.textContent, 'online');
    setOnline(false);
    await el.updateComplete;
    assert.strictEqual(el.shadowRoot!.textContent, 'offline');
    setOnline(true);
    await el.updateComplete;
    assert.strictEqual(el.shadowRoot!.textContent, 'online');
    assert.deepEqual(el.changes, [true, false]);
    el.remove();
    setOnline(false);
    assert.deepEqual(el.changes, [true, false], 'no listener left once detached');
  });
});
