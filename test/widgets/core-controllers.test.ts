import { aTimeout, assert, fixture, html, waitUntil } from '@open-wc/testing';
import { LitElement } from 'lit';
import { ClockController } from '../../src/core/controllers/clock-controller.js';
import { allResources, ResourceController } from '../../src/core/api/resource-controller.js';
import { ApiError } from '../../src/core/api/api-error.js';
import { TadamonElement } from '../../src/core/tadamon-element.js';

class ClockHost extends LitElement {
  readonly clock = new ClockController(this, 20);
  renders = 0;
  override render() {
    this.renders++;
    return html`${this.clock.now()}`;
  }
}
customElements.define('clock-host', ClockHost);

describe('ClockController', () => {
  it('ticks while connected, stops when detached, and follows the server’s Date header', async () => {
    const el = await fixture<ClockHost>(html`<clock-host></clock-host>`);
    const before = el.renders;
    await waitUntil(() => el.renders - before >= 3, 'the host re-renders on each tick', { timeout: 3000 });
    el.remove();
    const detached = el.renders;
    await aTimeout(80);
    assert.strictEqual(el.renders, detached, 'no tick once detached');

    el.clock.sync(new Date(Date.now() + 3_600_000).toUTCString());
    assert.approximately(el.clock.now() - Date.now(), 3_600_000, 1_500);
    el.clock.sync('not a date');
    el.clock.sync(null);
    assert.approximately(el.clock.offsetMs, 3_600_000, 1_500, 'a broken header changes nothing');
  });
});

/** Two resources a view needs together; each resolves or fails when the test says. */
class TwoResources extends LitElement {
  outcomes: Record<string, 'ok' | 'fail'> = { a: 'ok', b: 'ok' };
  readonly gates: Record<string, () => void> = {};
  private make = (name: string) =>
    new ResourceController(this, {
      args: () => [name] as const,
      task: () =>
        new Promise<string>((resolve, reject) => {
          this.gates[name] = () => (this.outcomes[name] === 'ok' ? resolve(name) : reject(new ApiError(503, 'down')));
        }),
    });
  readonly a = this.make('a');
  readonly b = this.make('b');
}
customElements.define('two-resources', TwoResources);

describe('allResources', () => {
  it('is pending until every resource has a value, fails with the first error, retries what failed', async () => {
    const el = await fixture<TwoResources>(html`<two-resources></two-resources>`);
    assert.strictEqual(allResources(el.a, el.b).status, 'pending');
    el.gates.a();
    await aTimeout(0);
    assert.strictEqual(allResources(el.a, el.b).status, 'pending');
    assert.isUndefined(allResources(el.a, el.b).value);
    el.outcomes.b = 'fail';
    el.gates.b();
    await aTimeout(0);
    const failed = allResources(el.a, el.b);
    assert.strictEqual(failed.status, 'error');
    assert.strictEqual(failed.error?.code, 'down');
    el.outcomes.b = 'ok';
    failed.retry();
    el.gates.b();
    await aTimeout(0);
    const both = allResources(el.a, el.b);
    assert.strictEqual(both.status, 'complete');
    assert.deepEqual(both.value, ['a', 'b']);
  });
});

class NoIdWidget extends TadamonElement {
  check = () => this.missingConfiguration();
}
customElements.define('no-id-widget', NoIdWidget);

describe('TadamonElement without an id attribute (the map)', () => {
  it('needs only the API base', async () => {
    const el = await fixture<NoIdWidget>(html`<no-id-widget></no-id-widget>`);
    assert.strictEqual(el.check(), 'missing_api_base');
    el.apiBase = 'https://api.test/v1';
    assert.isNull(el.check());
  });
});
