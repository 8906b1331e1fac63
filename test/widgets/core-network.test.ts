import { assert, fixture, html } from '@open-wc/testing';
import { LitElement } from 'lit';
import { NetworkController } from '../../src/core/controllers/network-controller.js';
import { restoreOnline, setOnline } from './helpers.js';

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
  afterEach(restoreOnline);

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
