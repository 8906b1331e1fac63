// `npm run screenshots`: the demo pages in Chromium against the real server, as PNGs in docs/ (the README's image)
// and /tmp/tadamon-shots/ (phone width, dark scheme) for a person to look at. Needs `npm run build` first.
import { mkdirSync } from 'node:fs';
import { launchChromium, startServer } from '../test/e2e/helpers.js';

const shots = [
  { path: '/association-ar.html', file: 'docs/screenshot-ar.png', width: 1200, scheme: 'light' },
  { path: '/partner-fr.html', file: '/tmp/tadamon-shots/partner-fr.png', width: 1000, scheme: 'light' },
  { path: '/partner-fr.html', file: '/tmp/tadamon-shots/partner-fr-dark.png', width: 1000, scheme: 'dark' },
  { path: '/association-ar.html', file: '/tmp/tadamon-shots/association-ar-phone.png', width: 390, scheme: 'light' },
  { path: '/index.html', file: '/tmp/tadamon-shots/index.png', width: 1100, scheme: 'light' },
  { path: '/volunteer-ar.html', file: '/tmp/tadamon-shots/volunteer-ar-phone.png', width: 390, scheme: 'light' },
  { path: '/volunteer-fr.html', file: '/tmp/tadamon-shots/volunteer-fr.png', width: 1100, scheme: 'light' },
] as const;

mkdirSync('/tmp/tadamon-shots', { recursive: true });
const [server, browser] = await Promise.all([startServer(), launchChromium()]);
try {
  for (const shot of shots) {
    const page = await browser.newPage({ viewport: { width: shot.width, height: 900 }, colorScheme: shot.scheme });
    await page.goto(`${server.url}${shot.path}`);
    const chart = page.locator('tadamon-donation-progress canvas');
    if (shot.path.startsWith('/volunteer')) {
      await page.locator('tadamon-volunteer-signup form').waitFor();
    } else if (shot.path !== '/index.html' && shot.path !== '/partner-fr.html') {
      // The chart loads when it is about to scroll into view: bring it there, then let it draw.
      await page.locator('tadamon-donation-progress [part="chart"]').scrollIntoViewIfNeeded();
      await chart.waitFor();
      await page.waitForTimeout(500);
      await page.evaluate(() => window.scrollTo(0, 0));
    }
    await page.waitForTimeout(500);
    await page.screenshot({ path: shot.file, fullPage: true });
    console.log(`wrote ${shot.file}`);
    await page.close();
  }
} finally {
  await browser.close();
  await server.stop();
}
