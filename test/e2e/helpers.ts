import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { chromiumArgs, chromiumPath } from '../chromium.js';

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
