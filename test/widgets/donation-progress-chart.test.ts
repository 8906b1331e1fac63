import { assert, fixture, html, waitUntil, aTimeout } from '@open-wc/testing';
import '../../src/donation-progress/index.js';
import type { TadamonDonationProgress } from '../../src/donation-progress/index.js';
import { API, campaign, history, json, normalizeSpaces, stubEventSource, stubFetch } from './helpers.js';

// Its own file: each test file gets a fresh page, so no earlier test has loaded chart.js yet.
const chartRequests = () =>
  performance.getEntriesByType('resource').filter((entry) => entry.name.includes('/node_modules/chart.js/'));

describe('<tadamon-donation-progress> chart', () => {
  it('loads chart.js and the history only when the chart scrolls into view', async () => {
    const eventSource = stubEventSource();
    const fetchStub = stubFetch((url) => (url.pathname.endsWith('/history') ? json(history()) : json(campaign())));
    try {
      const page = await fixture<HTMLElement>(
        html`<div>
          <div style="block-size: 300vh"></div>
          <tadamon-donation-progress api-base=${API} campaign="winter-blankets-tounfite" lang="ar" live="off">
          </tadamon-donation-progress>
        </div>`,
      );
      const el = page.querySelector<TadamonDonationProgress>('tadamon-donation-progress')!;
      await waitUntil(() => el.shadowRoot!.querySelector('[part~="title"]'));
      await aTimeout(200);
      assert.lengthOf(chartRequests(), 0);
      assert.strictEqual(
        fetchStub.calls.some((call) => call.url.pathname.endsWith('/history')),
        false,
      );

      el.shadowRoot!.querySelector('[part~="chart"]')!.scrollIntoView();
      await waitUntil(() => el.shadowRoot!.querySelector('canvas'), 'chart never drawn', { timeout: 5000 });
      await waitUntil(() => chartRequests().length > 0, 'chart.js never requested');
      const historyCall = fetchStub.calls.find((call) => call.url.pathname.endsWith('/history'));
      assert.strictEqual(historyCall?.url.search, '?interval=day');

      const canvas = el.shadowRoot!.querySelector('canvas')!;
      await waitUntil(() => canvas.width > 0, 'chart never sized');
      assert.strictEqual(canvas.getAttribute('role'), 'img');
      assert.include(canvas.getAttribute('aria-label'), 'التبرعات التراكمية');
      const rows = [...el.shadowRoot!.querySelectorAll('[part~="table"] tbody tr')];
      assert.lengthOf(rows, 3);
      assert.include(normalizeSpaces(rows[2].textContent), '12.300');
      el.remove();
    } finally {
      fetchStub.restore();
      eventSource.restore();
    }
  });
});
