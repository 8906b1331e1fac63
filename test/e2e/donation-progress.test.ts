import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import type { Campaign } from '../../server/src/schemas/campaigns.js';
import { recordProblems, useServerAndBrowser } from './helpers.js';

const campaignId = 'winter-blankets-tounfite';

describe('donation progress, end to end (real server on PGlite + Chromium)', () => {
  const e2e = useServerAndBrowser();

  async function openPage(path: string) {
    const page = await e2e.browser.newPage();
    const { problems } = recordProblems(page);
    const requests: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    await page.goto(`${e2e.server.url}${path}`);
    return { page, problems, requests };
  }

  async function campaign(): Promise<Campaign> {
    const response = await fetch(`${e2e.server.url}/campaigns/${campaignId}`);
    assert.equal(response.status, 200);
    return (await response.json()) as Campaign;
  }

  const bar = (page: Page) => page.locator('tadamon-donation-progress [part="bar"]');

  test('the Arabic association page shows the seeded numbers, right to left', async () => {
    const seeded = await campaign();
    const { page, problems } = await openPage('/association-ar.html');
    await bar(page).waitFor();
    assert.equal(await bar(page).getAttribute('aria-valuenow'), String(seeded.raised / 100));
    assert.equal(await bar(page).getAttribute('aria-valuemax'), String(seeded.goal / 100));
    assert.equal(await page.locator('tadamon-donation-progress [part="base"]').getAttribute('dir'), 'rtl');
    const title = page.locator('tadamon-donation-progress [part="title"]');
    assert.equal(await title.textContent(), (seeded.title as Record<string, string>).ar);
    // The donors count appears, formatted with Latin digits as Moroccan sites write them.
    const stats = (await page.locator('tadamon-donation-progress [part="stats"]').textContent()) ?? '';
    assert.match(stats, new RegExp(String(seeded.donors)));
    assert.deepEqual(problems, [], 'no page errors, console errors or CSP violations');
    await page.close();
  });

  test('a donation recorded through the admin API reaches the open page within 2 s, without reload', async () => {
    const before = await campaign();
    const { page, problems, requests } = await openPage('/association-ar.html');
    await bar(page).waitFor();
    assert.equal(await bar(page).getAttribute('aria-valuenow'), String(before.raised / 100));
    // The live stream is requested once the campaign is shown; an open stream never appears in Resource Timing.
    while (!requests.some((url) => url.endsWith(`/campaigns/${campaignId}/events`))) await page.waitForTimeout(50);

    const amount = 75_000; // 750 MAD
    const response = await fetch(`${e2e.server.url}/admin/campaigns/${campaignId}/donations`, {
      method: 'POST',
      headers: { authorization: `Bearer ${e2e.server.adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ amount, source: 'cash' }),
    });
    assert.equal(response.status, 201);
    const started = Date.now();
    const expected = String((before.raised + amount) / 100);
    await page.waitForFunction(
      (value) =>
        document
          .querySelector('tadamon-donation-progress')
          ?.shadowRoot?.querySelector('[part="bar"]')
          ?.getAttribute('aria-valuenow') === value,
      expected,
      { timeout: 2_000 },
    );
    assert.ok(Date.now() - started <= 2_000);
    assert.deepEqual(problems, []);
    await page.close();
  });

  const chartDrawn = (page: Page) =>
    page.waitForFunction(
      () =>
        document
          .querySelector('tadamon-donation-progress')
          ?.shadowRoot?.querySelector('[part="chart"]')
          ?.getAttribute('aria-busy') === 'false',
      null,
      { timeout: 15_000 },
    );

  test('the chart on the Arabic page (strict CSP, Trusted Types) is drawn by a worker, with its table', async () => {
    const { page, problems, requests } = await openPage('/association-ar.html');
    await page.locator('tadamon-donation-progress [part="chart"]').scrollIntoViewIfNeeded();
    await chartDrawn(page);
    assert.ok(
      requests.some((url) => /\/cdn\/assets\/chart-worker-[\w-]+\.js$/.test(url)),
      'the worker was started',
    );
    assert.deepEqual(
      requests.filter((url) => url.includes('chart-renderer')),
      [],
      'chart.js was not loaded into the page',
    );
    const history = (await (await fetch(`${e2e.server.url}/campaigns/${campaignId}/history?interval=day`)).json()) as {
      points: unknown[];
    };
    assert.equal(
      await page.locator('tadamon-donation-progress [part="table"] tbody tr').count(),
      history.points.length,
    );
    assert.equal(
      await page.locator('tadamon-donation-progress .canvas-wrap').getAttribute('dir'),
      'ltr',
      'time runs left to right in Arabic too',
    );
    assert.deepEqual(problems, [], 'no page errors, console errors or CSP / Trusted Types violations');
    await page.close();
  });

  test('on a page of another origin than the library, the chart is drawn in the page instead', async () => {
    // A partner site embeds the widget from the library's origin (the server): no worker can start there.
    const page = await e2e.browser.newPage();
    const { problems } = recordProblems(page);
    const requests: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    const library = e2e.server.url;
    // The partner's site: another origin (another port) on this machine.
    const article = `<!doctype html><html lang="fr"><head><meta charset="utf-8">
      <meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src ${library}; style-src 'self'; connect-src ${library}; require-trusted-types-for 'script'">
      <script type="module" src="${library}/cdn/tadamon.js"></script></head>
      <body><tadamon-donation-progress campaign="${campaignId}" api-base="${library}"></tadamon-donation-progress></body></html>`;
    const partner = http.createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      response.end(article);
    });
    await new Promise<void>((resolve) => partner.listen(0, '127.0.0.1', resolve));
    after(() => partner.close());
    await page.goto(`http://127.0.0.1:${(partner.address() as AddressInfo).port}/article.html`);
    await page.locator('tadamon-donation-progress [part="chart"]').scrollIntoViewIfNeeded();
    await chartDrawn(page);
    assert.ok(
      requests.some((url) => url.includes('chart-renderer')),
      'chart.js was loaded into the page',
    );
    assert.ok(await page.locator('tadamon-donation-progress [part="table"] tbody tr').count());
    // The refused worker may be reported by the browser; nothing else may go wrong.
    assert.deepEqual(
      problems.filter((problem) => !/worker/i.test(problem)),
      [],
    );
    await page.close();
  });

  test('after a transient failure of the event stream, the widget polls, then goes back to the stream', async () => {
    const page = await e2e.browser.newPage();
    const requests: { url: string; at: number }[] = [];
    page.on('request', (request) => requests.push({ url: request.url(), at: Date.now() }));
    // The connection to the stream drops (a proxy, a flaky network) three times: the widget falls back to polling.
    let dropped = 0;
    await page.route('**/campaigns/*/events', async (route) => {
      dropped++;
      await route.abort('connectionreset');
    });
    await page.goto(`${e2e.server.url}/association-ar.html`);
    await bar(page).waitFor();
    while (dropped < 3) await page.waitForTimeout(100);
    await page.unroute('**/campaigns/*/events');

    // The stream is tried again while polling (within 15 s) and this time it opens.
    const stream = await page.waitForResponse(
      (response) => response.url().endsWith(`/campaigns/${campaignId}/events`),
      {
        timeout: 20_000,
      },
    );
    assert.equal(stream.status(), 200);
    await page.waitForTimeout(300);

    const before = await campaign();
    const response = await fetch(`${e2e.server.url}/admin/campaigns/${campaignId}/donations`, {
      method: 'POST',
      headers: { authorization: `Bearer ${e2e.server.adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ amount: 12_300, source: 'cash' }),
    });
    assert.equal(response.status, 201);
    const donatedAt = Date.now();
    await page.waitForFunction(
      (value) =>
        document
          .querySelector('tadamon-donation-progress')
          ?.shadowRoot?.querySelector('[part="bar"]')
          ?.getAttribute('aria-valuenow') === value,
      String((before.raised + 12_300) / 100),
      { timeout: 2_000 },
    );
    const polls = requests.filter(({ url, at }) => at >= donatedAt && url.endsWith(`/campaigns/${campaignId}`));
    assert.deepEqual(polls, [], 'the update came through the stream, not a poll');
    await page.close();
  });

  test('the French partner page shows the compact layout and never loads chart.js', async () => {
    const { page, problems, requests } = await openPage('/partner-fr.html');
    await bar(page).waitFor();
    const valueText = (await bar(page).getAttribute('aria-valuetext')) ?? '';
    assert.match(valueText, /MAD/);
    assert.equal(await page.locator('tadamon-donation-progress [part="chart"]').count(), 0);
    await page.waitForTimeout(300);
    assert.deepEqual(
      requests.filter((url) => url.includes('donation-chart')),
      [],
      'the chart chunk is not requested in the compact layout',
    );
    assert.deepEqual(problems, []);
    await page.close();
  });
});
