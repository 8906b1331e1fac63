// `npm run screenshots`: every demo page in Chromium against the real server, at 1280 and 390 px, light and dark,
// with its widgets in Arabic, French and Tamazight, as full-page PNGs in screenshots/ (not committed) for a person to
// look at; and the README's image in docs/. Needs `npm run build` first.
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { launchChromium, startServer } from '../test/e2e/helpers.js';

const folder = 'screenshots';
const pages = readdirSync('demo').filter((file) => file.endsWith('.html'));
const widths = [1280, 390];
const schemes = ['light', 'dark'] as const;
const widgetLanguages = ['ar', 'fr', 'zgh'];
const widgets = 'tadamon-donation-progress, tadamon-volunteer-signup';

/** The README's picture: the Arabic association page, wide, light. */
const readmeShot = { page: 'association-ar.html', width: 1280, file: 'docs/screenshot-ar.png' };

/** Waits until every widget shows its content, the donation chart included (it loads once scrolled to). */
async function settle(page: Page) {
  for (const widget of await page.locator('tadamon-volunteer-signup').all()) await widget.locator('form').waitFor();
  for (const widget of await page.locator('tadamon-donation-progress').all()) {
    await widget.locator('[part="bar"]').first().waitFor();
    const chart = widget.locator('[part="chart"]');
    if (await chart.count()) {
      await chart.scrollIntoViewIfNeeded();
      await widget.locator('canvas').waitFor();
    }
  }
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.evaluate(() => document.fonts.ready);
  await page.waitForTimeout(400);
}

rmSync(folder, { recursive: true, force: true });
mkdirSync(folder, { recursive: true });
const [server, browser] = await Promise.all([startServer(), launchChromium()]);
let count = 0;
try {
  for (const colorScheme of schemes) {
    // One browser profile per scheme, warmed up once: the shots show the demo's own fonts, as every page after a
    // visitor's first does (`font-display: optional` skips a font that is not there at first render).
    const context = await browser.newContext({ colorScheme });
    const warmUp = await context.newPage();
    await warmUp.goto(`${server.url}/index.html`);
    await warmUp.evaluate(() => document.fonts.ready);
    await warmUp.close();
    for (const file of pages) {
      for (const width of widths) {
        const page = await context.newPage();
        await page.setViewportSize({ width, height: 900 });
        await page.goto(`${server.url}/${file}`);
        await settle(page);
        const name = file.replace(/\.html$/, '');
        const hasWidgets = (await page.locator(widgets).count()) > 0;
        if (file === readmeShot.page && width === readmeShot.width && colorScheme === 'light') {
          await page.screenshot({ path: readmeShot.file, fullPage: true });
          console.log(`wrote ${readmeShot.file}`);
        }
        for (const lang of hasWidgets ? widgetLanguages : [null]) {
          if (lang)
            await page
              .locator(widgets)
              .evaluateAll((elements, lang) => elements.forEach((element) => element.setAttribute('lang', lang)), lang);
          await settle(page);
          const path = `${folder}/${name}${lang ? `-widgets-${lang}` : ''}-${width}-${colorScheme}.png`;
          await page.screenshot({ path, fullPage: true });
          count++;
        }
        await page.close();
      }
    }
    await context.close();
  }
  console.log(`wrote ${count} screenshots in ${folder}/`);
} finally {
  await browser.close();
  await server.stop();
}
