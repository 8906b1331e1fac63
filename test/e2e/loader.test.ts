// The CDN loader (`dist/cdn/tadamon.js`) in Chromium against the real server: it imports only the widgets on the page,
// the shared chunk and the widget chunk in parallel, from next to itself; one Lit per page, no failed request.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { recordProblems, useServerAndBrowser } from './helpers.js';

const campaign = 'winter-blankets-tounfite';
const opportunity = 'winter-distribution-tounfite';
const donation = `<tadamon-donation-progress campaign="${campaign}" live="off"></tadamon-donation-progress>`;
const signup = `<tadamon-volunteer-signup opportunity="${opportunity}"></tadamon-volunteer-signup>`;

/** The CDN files of the build, by role: the shared chunk and each widget's own chunk. */
const graph = JSON.parse(readFileSync('dist/cdn-chunks.json', 'utf8')) as Record<
  string,
  { widget?: string; lang?: string; imports: string[]; dynamicImports: string[] }
>;
/** Chunks only reached through a dynamic import, after first content (chart, proof of work, live stream, outbox). */
const lazyChunks = new Set<string>();
const markLazy = (file: string): void => {
  if (graph[file].lang || graph[file].widget || /^chunks\/shared-/.test(file) || lazyChunks.has(`/cdn/${file}`)) return;
  lazyChunks.add(`/cdn/${file}`);
  graph[file].imports.forEach(markLazy);
};
Object.values(graph).forEach((chunk) => chunk.dynamicImports.forEach(markLazy));
const sharedChunk = Object.keys(graph).find((file) => /^chunks\/shared-/.test(file))!;
const widgetChunk = (name: string) => Object.keys(graph).find((file) => graph[file].widget === name)!;

/** A page of an integrator's site (another origin than the server), its widgets pointed at the server. */
const page = (apiBase: string, head: string, body: string) =>
  `<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>loader</title>` +
  `<meta name="tadamon:api-base" content="${apiBase}">${head}</head><body>${body}</body></html>`;

describe('CDN loader (real server on PGlite + Chromium)', () => {
  const sitePages: Record<string, string> = {};
  // An integrator's site on another origin: its pages, and a copy of the CDN files under another path.
  const e2e = useServerAndBrowser([{ '/static/tadamon/v1/': 'dist/cdn' }, sitePages]);

  /**
   * Opens `path` on the server, or serves `html` at `path` on the integrator's site and opens that; records every
   * script request, failure, error and warning.
   */
  async function open(path: string, html?: string) {
    const tab = await e2e.browser.newPage();
    const scripts: string[] = [];
    tab.on('request', (request) => {
      if (request.resourceType() === 'script') scripts.push(new URL(request.url()).pathname);
    });
    const { failures, problems } = recordProblems(tab, ['error', 'warning']);
    if (html) sitePages[path] = html;
    await tab.goto(`${html ? e2e.site.origin : e2e.server.url}${path}`);
    return { tab, scripts, failures, problems };
  }

  /** How many copies of Lit's three packages registered themselves on the page. */
  const litCopies = (tab: Page) =>
    tab.evaluate(() => {
      const versions = globalThis as unknown as Record<string, unknown[] | undefined>;
      return ['litHtmlVersions', 'litElementVersions', 'reactiveElementVersions'].map((name) => versions[name]?.length);
    });

  const rendered = (tab: Page, tag: string) =>
    tab
      .locator(`${tag} ${tag === 'tadamon-donation-progress' ? '[part="bar"]' : 'form'}`)
      .first()
      .waitFor();

  async function assertClean(tab: Page, failures: string[], problems: string[]) {
    assert.deepEqual(await litCopies(tab), [1, 1, 1], 'one copy of Lit on the page');
    assert.deepEqual(failures, [], 'no failed request');
    assert.deepEqual(problems, [], 'no error or warning in the console');
  }

  for (const [path, widget] of [
    ['/association-ar.html', 'donation-progress'],
    ['/partner-fr.html', 'donation-progress'],
    ['/volunteer-ar.html', 'volunteer-signup'],
    ['/volunteer-fr.html', 'volunteer-signup'],
  ]) {
    test(`${path} loads its widget through the loader: the shared chunk, its own chunk, its language, nothing else`, async () => {
      const { tab, scripts, failures, problems } = await open(path);
      await rendered(tab, `tadamon-${widget}`);
      const lang = await tab.evaluate(() => document.documentElement.lang);
      const firstLoad = scripts.filter((script) => !lazyChunks.has(script));
      assert.deepEqual(
        firstLoad.slice(0, 3).sort(),
        ['/cdn/tadamon.js', `/cdn/${sharedChunk}`, `/cdn/${widgetChunk(widget)}`].sort(),
      );
      // Then the strings of the page's language (the library's and the widget's), and no other widget.
      for (const script of firstLoad.slice(3)) assert.match(script, new RegExp(`^/cdn/chunks/(${widget}-)?${lang}-`));
      assert.equal(firstLoad.length, 5, firstLoad.join(', '));
      await assertClean(tab, failures, problems);
      await tab.close();
    });
  }

  test('the loader asks for the shared chunk while the widget chunk is still on its way (parallel, not serial)', async () => {
    const tab = await e2e.browser.newPage();
    let sharedRequested!: () => void;
    const shared = new Promise<void>((resolve) => (sharedRequested = resolve));
    tab.on('request', (request) => {
      if (request.url().endsWith(sharedChunk)) sharedRequested();
    });
    let sharedWhileWidgetHeld = false;
    // The widget chunk is held until the shared chunk is requested: a serial loader (widget chunk, then its import)
    // would never ask, and the flag stays false after 5 s.
    await tab.route(`**/${widgetChunk('volunteer-signup')}`, async (route) => {
      sharedWhileWidgetHeld = await Promise.race([shared.then(() => true), delay(5_000).then(() => false)]);
      await route.continue();
    });
    await tab.goto(`${e2e.server.url}/volunteer-fr.html`);
    await rendered(tab, 'tadamon-volunteer-signup');
    assert.ok(sharedWhileWidgetHeld, 'the shared chunk was requested before the widget chunk arrived');
    await tab.close();
  });

  test('widgets added later, and those in an open shadow root passed to tadamon.scan(), load; absent ones are not fetched', async () => {
    const { tab, scripts, failures, problems } = await open(
      '/loader-later.html',
      page(
        e2e.server.url,
        `<script type="module" src="${e2e.server.url}/cdn/tadamon.js"></script>`,
        '<div id="host"></div>',
      ),
    );
    await tab.waitForFunction(() => 'tadamon' in window);
    assert.deepEqual(scripts, ['/cdn/tadamon.js'], 'an empty page fetches no widget');
    // A signup form inside a component's shadow root: invisible to the loader's observer of the document.
    await tab.evaluate((markup) => {
      const root = document.querySelector('#host')!.attachShadow({ mode: 'open' });
      root.innerHTML = markup;
    }, signup);
    // A donation widget added to the document later: the observer sees it.
    await tab.evaluate((markup) => document.body.insertAdjacentHTML('beforeend', markup), donation);
    await rendered(tab, 'tadamon-donation-progress');
    assert.ok(!scripts.includes(`/cdn/${widgetChunk('volunteer-signup')}`), 'the shadow root is not scanned unasked');
    assert.equal(await tab.evaluate(() => customElements.get('tadamon-volunteer-signup')), undefined);
    await tab.evaluate(() => window.tadamon!.scan(document.querySelector('#host')!.shadowRoot!));
    await rendered(tab, 'tadamon-volunteer-signup');
    await assertClean(tab, failures, problems);
    await tab.close();
  });

  test('both widgets through the loader plus a per-widget entry: each defined once, one shared chunk, one Lit', async () => {
    const { tab, scripts, failures, problems } = await open(
      '/loader-and-entry.html',
      page(
        e2e.server.url,
        `<script type="module" src="${e2e.server.url}/cdn/tadamon.js"></script>` +
          `<script type="module" src="${e2e.server.url}/cdn/volunteer-signup.js"></script>`,
        donation + signup,
      ),
    );
    await rendered(tab, 'tadamon-donation-progress');
    await rendered(tab, 'tadamon-volunteer-signup');
    const count = (file: string) => scripts.filter((script) => script === `/cdn/${file}`).length;
    assert.equal(count(sharedChunk), 1, 'the entry and the loader share the same chunk URL');
    assert.equal(count(widgetChunk('volunteer-signup')), 1);
    // The entry's exports are the very classes the page registered.
    const same = await tab.evaluate(async (url) => {
      const entry = (await import(url)) as { TadamonVolunteerSignup: unknown };
      return entry.TadamonVolunteerSignup === customElements.get('tadamon-volunteer-signup');
    }, `${e2e.server.url}/cdn/volunteer-signup.js`);
    assert.ok(same);
    await assertClean(tab, failures, problems);
    await tab.close();
  });

  test('a loader served under another path, by another server than the API, imports every file from next to itself', async () => {
    const base = `${e2e.site.origin}/static/tadamon/v1/`;
    const { tab, scripts, failures, problems } = await open(
      '/loader-elsewhere.html',
      page(e2e.server.url, `<script type="module" src="${base}tadamon.js"></script>`, donation),
    );
    await rendered(tab, 'tadamon-donation-progress');
    const { origin } = new URL(e2e.site.origin);
    const requested = await tab.evaluate(() =>
      performance
        .getEntriesByType('resource')
        .map((entry) => entry.name)
        .filter((url) => url.endsWith('.js')),
    );
    assert.ok(requested.length >= 3, requested.join(', '));
    for (const url of requested) assert.ok(url.startsWith(`${origin}/static/tadamon/v1/`), url);
    assert.ok(!scripts.some((script) => script.startsWith('/cdn/')));
    await assertClean(tab, failures, problems);
    await tab.close();
  });

  test('two copies of the library on one page (two origins) are harmless: widgets render, nothing throws', async () => {
    const { tab, failures, problems } = await open(
      '/two-copies.html',
      page(
        e2e.server.url,
        `<script type="module" src="${e2e.server.url}/cdn/tadamon.js"></script>` +
          `<script type="module" src="${e2e.site.origin}/static/tadamon/v1/tadamon.js"></script>`,
        donation + signup,
      ),
    );
    await rendered(tab, 'tadamon-donation-progress');
    await rendered(tab, 'tadamon-volunteer-signup');
    assert.deepEqual(failures, []);
    // The second copy may define nothing, or find a tag taken and say so; it never throws.
    assert.deepEqual(
      problems.filter((problem) => !/^warning: tadamon: <tadamon-[\w-]+> already defined$/.test(problem)),
      [],
    );
    await tab.close();
  });
});

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
