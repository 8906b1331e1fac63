import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import { chromiumArgs, chromiumPath } from '../chromium.js';
import { serveStatic, type StaticSite } from './static-server.js';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
}

export interface RunningServer {
  url: string;
  adminToken: string;
  stop(): Promise<void>;
}

/**
 * Starts the reference server as a real process (what `npm start` runs, minus the build) on a fresh PGlite data
 * folder, or on `databaseUrl` when given, on a free port.
 */
export async function startServer(options: { databaseUrl?: string; env?: Record<string, string> } = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), 'tadamon-e2e-'));
  // The server refuses admin tokens under 32 characters.
  const adminToken = `e2e-${randomBytes(24).toString('base64url')}`;
  const env: Record<string, string | undefined> = {
    ...process.env,
    PORT: '0',
    HOST: '127.0.0.1',
    TADAMON_DATA_DIR: dataDir,
    TADAMON_ADMIN_TOKEN: adminToken,
    DATABASE_URL: options.databaseUrl,
    ...options.env,
  };
  if (!options.databaseUrl) delete env.DATABASE_URL;
  const child: ChildProcess = spawn('node', ['--import', 'tsx', 'server/src/server.ts'], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start in 120 s:\n${output}`)), 120_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/[\d.]+:\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('exit', (code) => reject(new Error(`server exited with ${code}:\n${output}`)));
  });
  return {
    url,
    adminToken,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  } satisfies RunningServer;
}

export interface UsedServerAndBrowser {
  /** Read them inside tests and hooks: they exist once the suite's `before` ran. */
  readonly server: RunningServer;
  readonly browser: Browser;
  /** Only when `site` was given. */
  readonly site: StaticSite;
}

/**
 * The real server (on a fresh PGlite folder) and Chromium, with `site` also an integrator's static site on another
 * origin (`serveStatic`'s arguments), for the enclosing `describe`: started together before its tests, stopped after
 * them. Hooks the suite adds itself run after these.
 */
export function useServerAndBrowser(site?: Parameters<typeof serveStatic>): UsedServerAndBrowser {
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  let staticSite: StaticSite | undefined;
  before(async () => {
    [server, browser, staticSite] = await Promise.all([
      startServer(),
      launchChromium(),
      site ? serveStatic(...site) : undefined,
    ]);
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
    await staticSite?.stop();
  });
  const ready = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('useServerAndBrowser: only there inside tests and hooks (site: if asked)');
    return value;
  };
  return {
    get server() {
      return ready(server);
    },
    get browser() {
      return ready(browser);
    },
    get site() {
      return ready(staticSite);
    },
  };
}

export interface PageRecord {
  /** Uncaught errors as `pageerror: …`, console messages of the recorded types as `<type>: …`, in order. */
  problems: string[];
  /** Requests that failed (`<url> <error>`) or were answered 400 or over (`<url> <status>`). */
  failures: string[];
}

/** Records what goes wrong on `page` from now on: errors, console messages of `consoleTypes`, failed requests. */
export function recordProblems(page: Page, consoleTypes: string[] = ['error']): PageRecord {
  const record: PageRecord = { problems: [], failures: [] };
  page.on('pageerror', (error) => record.problems.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (consoleTypes.includes(message.type())) record.problems.push(`${message.type()}: ${message.text()}`);
  });
  page.on('requestfailed', (request) => record.failures.push(`${request.url()} ${request.failure()?.errorText}`));
  page.on('response', (response) => {
    if (response.status() >= 400) record.failures.push(`${response.url()} ${response.status()}`);
  });
  return record;
}
