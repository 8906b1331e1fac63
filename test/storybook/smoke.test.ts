/**
 * Opens every story of the built Storybook in Debian Chromium and fails on anything a visitor would not want:
 * page errors, console errors, a story that throws, a `play` function that fails.
 *
 *   npx storybook build --quiet -o storybook-static
 *   node --import tsx --test test/storybook/smoke.test.ts
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { launchChromium } from '../e2e/helpers.js';

const staticDir = resolve(process.env.STORYBOOK_STATIC ?? join(import.meta.dirname, '../../storybook-static'));
const indexFile = join(staticDir, 'index.json');
if (!existsSync(indexFile)) {
  throw new Error(`${indexFile} is missing: run \`npx storybook build --quiet -o storybook-static\` first.`);
}

interface IndexEntry {
  id: string;
  type: 'story' | 'docs';
  title: string;
  name: string;
  tags?: string[];
}
const index = JSON.parse(readFileSync(indexFile, 'utf8')) as { entries: Record<string, IndexEntry> };
const stories = Object.values(index.entries).filter((entry) => entry.type === 'story');

/** Channel events that mean the story is broken. */
const failureEvents = [
  'storyThrewException',
  'playFunctionThrewException',
  'unhandledErrorsWhilePlaying',
  'storyErrored',
  'storyMissing',
];
/** Events after which the story has finished rendering (and playing). */
const settledEvents = ['storyRendered', ...failureEvents];
/** Time left after the story settles for late errors (lazy chunks, second requests) to surface. */
const settleMs = 800;

const mimeTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.ico': 'image/x-icon',
};

function serveStatic(root: string): Server {
  return createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
    let file = normalize(join(root, path));
    if (file !== root && !file.startsWith(root + sep)) {
      response.writeHead(403).end();
      return;
    }
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    if (!existsSync(file) && path === '/favicon.ico') {
      response.writeHead(204).end(); // Chromium asks for it; a 404 would show as a console error
      return;
    }
    if (!existsSync(file)) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'Content-Type': mimeTypes[extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(response);
  });
}

/**
 * Runs in the page before Storybook: records channel events from the moment the channel is assigned,
 * so nothing emitted early is missed. A string, not a function, because tsx would add helpers the page lacks.
 */
const recordChannelEvents = `
  window.__smokeEvents = [];
  let channel;
  Object.defineProperty(window, '__STORYBOOK_ADDONS_CHANNEL__', {
    configurable: true,
    get: () => channel,
    set(value) {
      channel = value;
      if (!value) return;
      for (const name of ${JSON.stringify(settledEvents)}) {
        value.on(name, (...args) => {
          let text;
          try { text = JSON.stringify(args).slice(0, 2000); } catch { text = String(args); }
          window.__smokeEvents.push({ name, args: text });
        });
      }
    },
  });
`;

/** Console errors a story tagged `network-error-expected` provokes on purpose (Chromium logs failed loads). */
const expectedNetworkNoise =
  /^Failed to load resource: (the server responded with a status of (4|5)\d\d|net::ERR_FAILED)/;

let server: Server;
let browser: Browser;
let context: BrowserContext;
let baseUrl: string;

describe('Storybook stories in Chromium', () => {
  before(async () => {
    server = serveStatic(staticDir);
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await launchChromium();
    context = await browser.newContext();
    await context.addInitScript({ content: recordChannelEvents });
  });

  after(async () => {
    await browser?.close();
    await new Promise((done) => server?.close(done));
  });

  for (const story of stories) {
    it(`${story.title} › ${story.name} (${story.id})`, async () => {
      const page = await context.newPage();
      const problems: string[] = [];
      const networkErrorsExpected = story.tags?.includes('network-error-expected') ?? false;
      page.on('pageerror', (error) => problems.push(`page error: ${error.stack ?? error.message}`));
      page.on('console', (message) => {
        if (message.type() !== 'error') return;
        if (networkErrorsExpected && expectedNetworkNoise.test(message.text())) return;
        problems.push(`console error: ${message.text()} (${message.location().url})`);
      });
      try {
        await page.goto(`${baseUrl}/iframe.html?id=${encodeURIComponent(story.id)}&viewMode=story`);
        await page.waitForFunction(
          (names) =>
            (window as unknown as { __smokeEvents?: { name: string }[] }).__smokeEvents?.some((event) =>
              names.includes(event.name),
            ),
          settledEvents,
          { timeout: 20_000 },
        );
        await page.waitForTimeout(settleMs);
        const events = await page.evaluate(
          () => (window as unknown as { __smokeEvents: { name: string; args: string }[] }).__smokeEvents,
        );
        for (const event of events) {
          if (failureEvents.includes(event.name)) problems.push(`${event.name}: ${event.args}`);
        }
        assert.deepEqual(problems, [], `story ${story.id} is not clean`);
      } finally {
        await page.close();
      }
    });
  }
});
