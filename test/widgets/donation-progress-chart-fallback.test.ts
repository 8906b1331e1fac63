import { assert, fixture, html, waitUntil } from '@open-wc/testing';
import '../../src/donation-progress/index.js';
import type { TadamonDonationProgress } from '../../src/donation-progress/index.js';
import { API, fakeBackend, stubEventSource } from './helpers.js';
import { pixels, topOfLine } from './donation-progress-chart-pixels.js';

// Its own page: the library served from another origin than the page cannot start a worker (the constructor
// refuses a script of another origin). The chart module, loaded later, extends the Worker installed here.
const workersTried: string[] = [];
(globalThis as { Worker: unknown }).Worker = class {
  constructor(url: string | URL) {
    workersTried.push(String(url));
    throw new DOMException('Script at another origin', 'SecurityError');
  }
};

describe('<tadamon-donation-progress> chart when no worker can start', () => {
  it('draws in the page instead, and still offers the table', async () => {
    const eventSource = stubEventSource();
    const fetchStub = fakeBackend();
    try {
      const el = await fixture<TadamonDonationProgress>(
        html`<tadamon-donation-progress
          api-base=${API}
          campaign="winter-blankets-tounfite"
          lang="fr"
          live="off"
        ></tadamon-donation-progress>`,
      );
      const figure = () => el.shadowRoot!.querySelector('[part~="chart"]');
      await waitUntil(() => figure()?.getAttribute('aria-busy') === 'false', 'the chart was never drawn', {
        timeout: 8000,
      });
      assert.lengthOf(workersTried, 1, 'a worker was tried first');
      const canvas = el.shadowRoot!.querySelector('canvas')!;
      assert.isNotNull(canvas.getContext('2d'), 'the page drew on its own canvas');
      assert.isNotNull(topOfLine(pixels(canvas), 0.5, '#0b6e4f'), 'the line is drawn');
      assert.lengthOf(el.shadowRoot!.querySelectorAll('[part~="table"] tbody tr'), 3);
    } finally {
      fetchStub.restore();
      eventSource.restore();
    }
  });
});
