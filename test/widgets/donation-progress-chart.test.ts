import { assert, fixture, html, waitUntil, aTimeout } from '@open-wc/testing';
import '../../src/donation-progress/index.js';
import type { TadamonDonationProgress } from '../../src/donation-progress/index.js';
import { API, fakeBackend, normalizeSpaces, stubEventSource, type FakeBackend } from './helpers.js';
import { changedPixels, pixels, topOfLine } from './donation-progress-chart-pixels.js';

// Its own file: each test file gets a fresh page, so nothing has loaded the chart (or a language) before.
const requested = (path: string) =>
  performance.getEntriesByType('resource').filter((entry) => entry.name.includes(path)).length;
const LINE = '#0b6e4f';

let fetchStub: FakeBackend;
let eventSource: ReturnType<typeof stubEventSource>;

beforeEach(() => {
  eventSource = stubEventSource();
  fetchStub = fakeBackend();
});

afterEach(() => {
  fetchStub.restore();
  eventSource.restore();
});

/** A widget far below the fold. */
async function mountBelowTheFold(lang: string) {
  const page = await fixture<HTMLElement>(
    html`<div>
      <div style="block-size: 300vh"></div>
      <tadamon-donation-progress api-base=${API} campaign="winter-blankets-tounfite" lang=${lang} live="off">
      </tadamon-donation-progress>
    </div>`,
  );
  const el = page.querySelector<TadamonDonationProgress>('tadamon-donation-progress')!;
  await waitUntil(() => el.shadowRoot!.querySelector('[part~="title"]'), 'the campaign never showed', {
    timeout: 5000,
  });
  return el;
}

const chart = (el: HTMLElement) => el.shadowRoot!.querySelector<HTMLElement>('[part~="chart"]')!;

async function scrolledAndDrawn(el: HTMLElement) {
  chart(el).scrollIntoView();
  await waitUntil(() => chart(el).getAttribute('aria-busy') === 'false', 'the chart was never drawn', {
    timeout: 8000,
  });
  const canvas = el.shadowRoot!.querySelector('canvas')!;
  // A worker's frame reaches the page's canvas a frame or two after it is drawn.
  await waitUntil(() => topOfLine(pixels(canvas), 0.5, LINE) !== null, 'the line never showed', { timeout: 5000 });
  return canvas;
}

const historyRequests = () => fetchStub.calls.filter((call) => call.url.pathname.endsWith('/history'));

describe('<tadamon-donation-progress> chart', () => {
  it('loads the chart and its data only when scrolled into view, draws it in a worker, and offers a table', async () => {
    const el = await mountBelowTheFold('ar');
    await aTimeout(200);
    assert.strictEqual(requested('/donation-chart'), 0, 'no chart code before the chart is near the viewport');
    assert.lengthOf(historyRequests(), 0);
    assert.strictEqual(chart(el).getAttribute('aria-busy'), 'true');

    const canvas = await scrolledAndDrawn(el);
    assert.strictEqual(historyRequests()[0]?.url.search, '?interval=day');
    assert.isAbove(requested('/donation-chart'), 0);
    // Handed to an OffscreenCanvas (a worker draws on it): the page can no longer draw on it itself.
    assert.throws(() => canvas.getContext('2d'), DOMException);

    assert.strictEqual(canvas.getAttribute('role'), 'img');
    assert.include(canvas.getAttribute('aria-label'), 'التبرعات التراكمية');
    const rows = [...el.shadowRoot!.querySelectorAll('[part~="table"] tbody tr')];
    assert.lengthOf(rows, 3);
    assert.include(normalizeSpaces(rows[2].textContent), '12.300');

    el.remove();
  });

  it('draws the day’s tooltip in the worker when the pointer moves over the chart', async () => {
    const el = await mountBelowTheFold('ar');
    const canvas = await scrolledAndDrawn(el);
    // The pointer is forwarded to the worker, which draws the day's tooltip. The pointer keeps moving, as a person's
    // does: a busy machine may deliver the first move before the worker has its chart.
    const before = pixels(canvas);
    // The middle of the plot: in Arabic the amounts' axis takes the right edge, where no day has a tooltip.
    const box = canvas.getBoundingClientRect();
    const hover = () =>
      canvas.dispatchEvent(
        new PointerEvent('pointermove', { clientX: box.left + box.width * 0.5, clientY: box.top + box.height / 2 }),
      );
    await waitUntil(() => (hover(), changedPixels(before, pixels(canvas)) > 100), 'no tooltip on hover', {
      timeout: 5000,
      interval: 100,
    });
    el.remove();
  });

  it('runs time left to right in Arabic too: a growing total rises to the right', async () => {
    const el = await mountBelowTheFold('ar');
    const canvas = await scrolledAndDrawn(el);
    assert.strictEqual(canvas.closest('[dir]')!.getAttribute('dir'), 'ltr');
    const image = pixels(canvas);
    const early = topOfLine(image, 0.3, LINE);
    const late = topOfLine(image, 0.8, LINE);
    assert.isNotNull(early);
    assert.isNotNull(late);
    assert.isBelow(late, early, 'the line is higher (a smaller y) late than early');
    el.remove();
  });

  it('still draws when the language changes before the chart scrolls into view', async () => {
    // French loads here first; English has not loaded yet in this page, so the widget shows its skeleton again.
    const el = await mountBelowTheFold('fr');
    el.setAttribute('lang', 'en');
    await waitUntil(
      () => el.shadowRoot!.querySelector('[part~="title"]')?.textContent?.includes('Winter'),
      'the English text never showed',
      { timeout: 4000 },
    );
    await scrolledAndDrawn(el);
    assert.exists(el.shadowRoot!.querySelector('[part~="table"]'));
    el.remove();
  });
});
