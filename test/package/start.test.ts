// `npm start` reuses a build newer than its inputs, rebuilds when a source changed, and prints no build noise. It runs
// in a copy of the project (inputs, then the current build, so the copy starts fresh): this test never rewrites the
// dist/ other tests read.
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, statSync, symlinkSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';

const run = promisify(execFile);

describe('npm start and the build it may run', () => {
  let root: string;
  const builtAt = () => statSync(join(root, 'dist/cdn-chunks.json')).mtimeMs;

  before(() => {
    root = mkdtempSync(join(tmpdir(), 'tadamon-start-'));
    const inputs = ['package.json', 'package-lock.json', 'vite.config.ts', 'tsconfig.json', 'scripts', 'src', 'demo'];
    for (const path of [...inputs, 'server', 'dist']) cpSync(path, join(root, path), { recursive: true });
    symlinkSync(resolve('node_modules'), join(root, 'node_modules'), 'dir');
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  test('on a fresh build it serves at once: no rebuild, no build output, no plugin-timing report', async () => {
    const fresh = builtAt();
    // Its own process group, so that stopping it stops npm, the shell and the server they started.
    const child = spawn('npm', ['start'], {
      cwd: root,
      env: { ...process.env, PORT: '0', TADAMON_DATA_DIR: join(root, 'data'), FORCE_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let output = '';
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no "listening on" in 90 s:\n${output}`)), 90_000);
        const onData = (chunk: Buffer) => {
          output += chunk.toString();
          if (/listening on http/.test(output)) {
            clearTimeout(timer);
            resolve();
          }
        };
        child.stdout.on('data', onData);
        child.stderr.on('data', onData);
        child.on('exit', (code) => reject(new Error(`npm start exited with ${code}:\n${output}`)));
      });
    } finally {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      process.kill(-child.pid!, 'SIGTERM');
      await exited;
    }
    assert.equal(builtAt(), fresh, 'dist/ was not rebuilt');
    assert.doesNotMatch(output, /PLUGIN_TIMINGS|built in|vite/i);
  });

  test('once a source is newer than the build it rebuilds, without plugin-timing reports', async () => {
    const fresh = builtAt();
    const later = new Date(Date.now() + 2_000);
    utimesSync(join(root, 'src/core/events.ts'), later, later);
    const { stdout, stderr } = await run('node', ['scripts/build.mjs', '--if-stale'], {
      cwd: root,
      env: { ...process.env, FORCE_COLOR: '1' },
    });
    assert.ok(builtAt() > fresh, 'a changed source triggers the build');
    assert.doesNotMatch(stdout + stderr, /PLUGIN_TIMINGS/);
    // And the new build is fresh in turn.
    const rebuilt = builtAt();
    await run('node', ['scripts/build.mjs', '--if-stale'], { cwd: root });
    assert.equal(builtAt(), rebuilt);
  });
});
