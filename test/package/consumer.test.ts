// The npm package as an integrator meets it: `npm pack`, installed into a fresh Vite app and a fresh esbuild app, each
// built with the README's side-effect imports (`import 'tadamon/donation-progress'`, `import 'tadamon'`), then loaded
// in Chromium against the real server. The tarball's dependencies are linked from this project's node_modules (the
// versions `npm ci` installed), so nothing is fetched from the registry.
import { build as esbuild } from 'esbuild';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { build as viteBuild } from 'vite';
import { launchChromium, startServer, type RunningServer } from '../e2e/helpers.js';
import { serveStatic, type StaticSite } from '../e2e/static-server.js';

/** The two ways the README registers widgets, and what each page shows. */
const forms = {
  'widget-entry': { code: `import 'tadamon/donation-progress';\n`, tags: ['tadamon-donation-progress'] },
  'package-root': { code: `import 'tadamon';\n`, tags: ['tadamon-donation-progress', 'tadamon-volunteer-signup'] },
};
const markup: Record<string, string> = {
  'tadamon-donation-progress': `<tadamon-donation-progress campaign="winter-blankets-tounfite" live="off"></tadamon-donation-progress>`,
  'tadamon-volunteer-signup': `<tadamon-volunteer-signup opportunity="winter-distribution-tounfite"></tadamon-volunteer-signup>`,
};
const contentOf: Record<string, string> = {
  'tadamon-donation-progress': '[part="bar"]',
  'tadamon-volunteer-signup': 'form',
};

describe('the npm package in a Vite app and an esbuild app (npm pack → build → Chromium + real server)', () => {
  let temp: string;
  let server: RunningServer;
  let browser: Browser;
  let site: StaticSite;

  before(async () => {
    temp = mkdtempSync(join(tmpdir(), 'tadamon-consumer-'));
    install();
    [server, browser] = await Promise.all([startServer(), launchChromium()]);
    const app = join(temp, 'app');
    for (const [form, { code, tags }] of Object.entries(forms)) {
      writeFileSync(join(app, `main-${form}.js`), code);
      writeFileSync(
        join(app, `${form}.html`),
        `<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>${form}</title>` +
          `<meta name="tadamon:api-base" content="${server.url}">` +
          `<script type="module" src="./main-${form}.js"></script></head><body>${tags.map((tag) => markup[tag]).join('')}</body></html>`,
      );
    }
    await viteBuild({
      root: app,
      configFile: false,
      logLevel: 'silent',
      base: './',
      build: {
        outDir: 'dist-vite',
        rolldownOptions: { input: Object.keys(forms).map((form) => join(app, `${form}.html`)) },
      },
    });
    await esbuild({
      absWorkingDir: app,
      entryPoints: Object.keys(forms).map((form) => `main-${form}.js`),
      bundle: true,
      format: 'esm',
      splitting: true,
      outdir: 'dist-esbuild',
      logLevel: 'silent',
    });
    for (const form of Object.keys(forms)) cpSync(join(app, `${form}.html`), join(app, 'dist-esbuild', `${form}.html`));
    site = await serveStatic({ '/vite/': join(app, 'dist-vite'), '/esbuild/': join(app, 'dist-esbuild') });
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
    await site?.stop();
    rmSync(temp, { recursive: true, force: true });
  });

  /** `npm pack`, the tarball unpacked as the app's node_modules/tadamon, its dependencies linked. */
  function install() {
    const [{ filename }] = JSON.parse(
      execFileSync('npm', ['pack', '--json', '--pack-destination', temp], { encoding: 'utf8' }),
    ) as { filename: string }[];
    const modules = join(temp, 'app', 'node_modules');
    mkdirSync(modules, { recursive: true });
    execFileSync('tar', ['xzf', join(temp, filename), '-C', modules]);
    renameSync(join(modules, 'package'), join(modules, 'tadamon'));
    const { dependencies } = JSON.parse(readFileSync(join(modules, 'tadamon', 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
    };
    for (const name of Object.keys(dependencies)) {
      mkdirSync(dirname(join(modules, name)), { recursive: true });
      symlinkSync(resolve('node_modules', name), join(modules, name), 'dir');
    }
  }

  for (const bundler of ['vite', 'esbuild']) {
    for (const [form, { code, tags }] of Object.entries(forms)) {
      test(`${code.trim()} built with ${bundler} registers and renders ${tags.join(' and ')}, one Lit`, async () => {
        const page = await browser.newPage();
        const problems: string[] = [];
        page.on('pageerror', (error) => problems.push(error.message));
        page.on('console', (message) => {
          if (message.type() === 'error') problems.push(message.text());
        });
        await page.goto(`${site.origin}/${bundler}/${form}.html`);
        for (const tag of tags) await page.locator(`${tag} ${contentOf[tag]}`).waitFor({ timeout: 20_000 });
        const litCopies = await page.evaluate(
          () => (globalThis as unknown as { litElementVersions?: unknown[] }).litElementVersions?.length,
        );
        assert.equal(litCopies, 1, 'the bundler kept one copy of Lit');
        assert.deepEqual(problems, []);
        await page.close();
      });
    }
  }
});
