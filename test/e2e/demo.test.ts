// The demo site as a visitor sees it, every page in Chromium against the real server (built by `npm run build`):
// real bold Arabic, no layout shift while the widgets load, nothing wider than a phone, the index in three languages,
// and page texts that agree with the seeded data.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import type { Campaign } from '../../server/src/schemas/campaigns.js';
import type { Opportunity } from '../../server/src/schemas/opportunities.js';
import { recordProblems, useServerAndBrowser } from './helpers.js';

const demoPages = readdirSync('demo').filter((file) => file.endsWith('.html'));
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

describe('demo site (real server + Chromium)', () => {
  const e2e = useServerAndBrowser();

  /** Opens a demo page and waits until every widget on it shows its content (not the skeleton) and fonts are in. */
  async function openPage(file: string, options: { width?: number; colorScheme?: 'light' | 'dark' } = {}) {
    const page = await e2e.browser.newPage({
      viewport: { width: options.width ?? 1280, height: 900 },
      colorScheme: options.colorScheme ?? 'light',
    });
    const { problems } = recordProblems(page);
    await page.goto(`${e2e.server.url}/${file}`);
    await widgetsLoaded(page);
    return { page, problems };
  }

  async function widgetsLoaded(page: Page) {
    for (const widget of await page.locator('tadamon-donation-progress').all()) {
      await widget.locator('[part="bar"]').first().waitFor();
    }
    for (const widget of await page.locator('tadamon-volunteer-signup').all()) {
      await widget.locator('form').waitFor();
    }
    await page.evaluate(() => document.fonts.ready);
  }

  /** The font files Chromium really draws the text of `selector` with (what the eye sees, not what CSS asks). */
  async function renderedFonts(page: Page, selector: string) {
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('DOM.enable');
    await cdp.send('CSS.enable');
    const { root } = await cdp.send('DOM.getDocument', { depth: -1 });
    const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector });
    assert.ok(nodeId, `${selector} is on the page`);
    const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
    await cdp.detach();
    return fonts;
  }

  test('Arabic headings are drawn with a real bold face, not a synthesized one', async () => {
    const { page } = await openPage('association-ar.html');
    const heading = 'article h2';
    assert.equal(
      await page
        .locator(heading)
        .first()
        .evaluate((node) => getComputedStyle(node).fontWeight),
      '700',
    );
    // On a first visit the shipped font is used only if it is there at first render (`optional`); otherwise a
    // system font. Either way the face is a bold one: a weight range declared over a regular face drew fake bold.
    const firstVisit = await renderedFonts(page, heading);
    assert.ok(
      firstVisit.length && firstVisit.every((font) => /bold/i.test(font.postScriptName)),
      `bold Arabic drawn with ${JSON.stringify(firstVisit)}`,
    );
    // From the next page on (the font now in the cache): the shipped bold and regular faces.
    await page.reload();
    await widgetsLoaded(page);
    const fonts = await renderedFonts(page, heading);
    assert.ok(
      fonts.some((font) => font.isCustomFont && /^NotoSansArabic-Bold$/.test(font.postScriptName)),
      `bold Arabic drawn with ${JSON.stringify(fonts)}`,
    );
    const body = await renderedFonts(page, 'article p');
    assert.ok(body.some((font) => font.isCustomFont && /^NotoSansArabic-Regular$/.test(font.postScriptName)));
    await page.close();
  });

  test('Tamazight text is drawn with the shipped Tifinagh font, whatever the machine has installed', async () => {
    const { page } = await openPage('index.html');
    await page.reload(); // the font in the cache, as for every page after the first
    await widgetsLoaded(page);
    const fonts = await renderedFonts(page, '.brand [lang="zgh"]');
    assert.ok(
      fonts.some((font) => font.isCustomFont && /Tifinagh/.test(font.postScriptName)),
      `Tifinagh drawn with ${JSON.stringify(fonts)}`,
    );
    await page.close();
  });

  test('the index page speaks Arabic, French and English, each linking to the other two', async () => {
    const languages = { 'index-ar.html': 'ar', 'index.html': 'fr', 'index-en.html': 'en' } as const;
    const samplesByPage: string[][] = [];
    for (const [file, lang] of Object.entries(languages)) {
      const { page, problems } = await openPage(file);
      assert.equal(await page.getAttribute('html', 'lang'), lang);
      assert.equal(await page.getAttribute('html', 'dir'), lang === 'ar' ? 'rtl' : null);
      const switcher = page.locator('.languages a');
      assert.deepEqual((await switcher.evaluateAll((links) => links.map((link) => link.getAttribute('href')))).sort(), [
        'index-ar.html',
        'index-en.html',
        'index.html',
      ]);
      assert.equal(await page.locator('.languages a[aria-current="page"]').getAttribute('href'), file);
      // Every code sample fits the phone: wrapped, never cut or scrolled out of sight.
      await page.setViewportSize({ width: 390, height: 900 });
      const samples = await page
        .locator('pre')
        .evaluateAll((blocks) => blocks.map((block) => ({ scroll: block.scrollWidth, client: block.clientWidth })));
      assert.ok(samples.length >= 4);
      for (const sample of samples) assert.ok(sample.scroll <= sample.client, JSON.stringify(sample));
      // The samples paste as they are: tags start their line.
      const texts = await page.locator('pre').allTextContents();
      for (const text of texts) assert.doesNotMatch(text, /^[ \t]+[<>]/m, text);
      samplesByPage.push(texts);
      assert.deepEqual(problems, []);
      await page.close();
    }
    assert.deepEqual(samplesByPage[0], samplesByPage[1], 'the same code in every language');
    assert.deepEqual(samplesByPage[2], samplesByPage[1], 'the same code in every language');
  });

  test('page texts agree with the seeded campaign and name no shift day or count the data could contradict', async () => {
    const campaign = (await (await fetch(`${e2e.server.url}/campaigns/winter-blankets-tounfite`)).json()) as Campaign;
    for (const file of ['association-ar.html', 'partner-fr.html']) {
      const { page } = await openPage(file);
      const prose = (await page.locator('.hero, article').allTextContents()).join(' ').replace(/\s+/g, ' ');
      for (const item of campaign.items ?? [])
        assert.match(prose, new RegExp(`\\b${item.needed}\\b`), `${file}: ${item.id}`);
      await page.close();
    }
    const weekdays =
      /lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|الاثنين|الثلاثاء|الأربعاء|الخميس|الجمعة|السبت|الأحد|\d+\s*(créneaux|فترات)/i;
    for (const file of ['volunteer-ar.html', 'volunteer-fr.html']) {
      const { page } = await openPage(file);
      const prose = (await page.locator('.hero, article').allTextContents()).join(' ');
      assert.doesNotMatch(prose, weekdays, file);
      await page.close();
    }
  });

  test('the Arabic volunteer page shows the place in Arabic', async () => {
    const opportunity = (await (
      await fetch(`${e2e.server.url}/opportunities/winter-distribution-tounfite`)
    ).json()) as Opportunity;
    const { page } = await openPage('volunteer-ar.html');
    const location = (await page.locator('tadamon-volunteer-signup [part="location"]').textContent()) ?? '';
    const city = opportunity.location.city;
    assert.equal(typeof city, 'object', 'the seed gives the city in every language');
    assert.ok(location.includes((city as Record<string, string>).ar), location);
    assert.doesNotMatch(location, /[A-Za-z]/, 'no Latin place names on the Arabic page');
    await page.close();
  });

  for (const file of demoPages) {
    for (const width of [1280, 390]) {
      test(`${file} at ${width} px: no layout shift while the widgets load (CLS 0)`, async () => {
        const page = await e2e.browser.newPage({ viewport: { width, height: 900 } });
        // Layout shifts are buffered from navigation start: read them all once everything has loaded.
        await page.goto(`${e2e.server.url}/${file}`);
        // As Lighthouse measures it: the page as loaded, not scrolled (the donation chart loads near the viewport).
        await widgetsLoaded(page);
        await page.waitForTimeout(1500);
        const shifts = await page.evaluate(
          () =>
            new Promise<{ value: number; sources: string[] }[]>((resolve) => {
              new PerformanceObserver((list) =>
                resolve(
                  list.getEntries().map((entry) => {
                    const shift = entry as PerformanceEntry & {
                      value: number;
                      sources?: { node?: Node }[];
                    };
                    return {
                      value: shift.value,
                      sources: (shift.sources ?? []).map((source) =>
                        source.node instanceof Element
                          ? source.node.outerHTML.slice(0, 80)
                          : (source.node?.nodeName ?? ''),
                      ),
                    };
                  }),
                ),
              ).observe({ type: 'layout-shift', buffered: true });
              setTimeout(() => resolve([]), 1000);
            }),
        );
        assert.deepEqual(shifts, [], `layout shifts on ${file}`);
        await page.close();
      });
    }

    test(`${file} at 390 px: nothing wider than the phone`, async () => {
      const { page } = await openPage(file, { width: 390 });
      const scrollWidth = await page.evaluate(() => document.scrollingElement!.scrollWidth);
      assert.ok(scrollWidth <= 390, `${file} is ${scrollWidth} px wide`);
      await page.close();
    });

    test(`${file}: no accessibility violation found by axe, widgets included (light and dark)`, async () => {
      for (const colorScheme of ['light', 'dark'] as const) {
        // axe is injected as a script, which the page's own CSP would (rightly) refuse.
        const context = await e2e.browser.newContext({ bypassCSP: true, colorScheme });
        const page = await context.newPage();
        await page.goto(`${e2e.server.url}/${file}`);
        await widgetsLoaded(page);
        await page.addScriptTag({ content: axeSource });
        const violations = await page.evaluate(async () => {
          const { axe } = window as unknown as {
            axe: { run(): Promise<{ violations: { id: string; nodes: { target: unknown[] }[] }[] }> };
          };
          const results = await axe.run();
          return results.violations.map(
            (violation) => `${violation.id}: ${JSON.stringify(violation.nodes.map((node) => node.target))}`,
          );
        });
        assert.deepEqual(violations, [], `${file} (${colorScheme})`);
        await context.close();
      }
    });

    test(`${file} preloads exactly the font faces it draws with (optional fonts not preloaded would be skipped)`, async () => {
      const { page } = await openPage(file);
      const { used, preloaded } = await page.evaluate(() => ({
        used: [...document.fonts]
          .filter((face) => face.status === 'loaded')
          .map((face) => `${face.family.replace(/"/g, '')} ${face.weight}`)
          .sort(),
        preloaded: [...document.querySelectorAll<HTMLLinkElement>('link[rel="preload"][as="font"]')]
          .map((link) => new URL(link.href).pathname)
          .sort(),
      }));
      const files: Record<string, string> = {
        'Demo Arabic 400': '/fonts/noto-sans-arabic-400.woff2',
        'Demo Arabic 700': '/fonts/noto-sans-arabic-700.woff2',
        'Demo Tifinagh 400': '/fonts/noto-sans-tifinagh-400.woff2',
      };
      assert.deepEqual(used.map((face) => files[face] ?? face).sort(), preloaded);
      await page.close();
    });

    test(`${file}: every image has a width and a height`, () => {
      const html = readFileSync(`demo/${file}`, 'utf8');
      for (const img of html.match(/<img\b[^>]*>/g) ?? []) {
        assert.match(img, /\swidth="\d+"/, img);
        assert.match(img, /\sheight="\d+"/, img);
      }
    });
  }
});
