import assert from 'node:assert/strict';
import { once } from 'node:events';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { ADMIN_TOKEN_FILE, resolveAdminToken } from '../../server/src/plugins/admin-auth.js';
import { ADMIN_TOKEN, backends, DEMO_CAMPAIGN, failedStart, startServerProcess, testApp, useApp } from './helper.js';

const mode = (file: string) => statSync(file).mode & 0o777;

describe('admin token', () => {
  const folders: string[] = [];
  const folder = () => {
    const path = mkdtempSync(join(tmpdir(), 'tadamon-token-'));
    folders.push(path);
    return path;
  };
  after(() => {
    for (const path of folders) rmSync(path, { recursive: true, force: true });
  });

  test('is generated once into the data folder, readable by the owner only, and read back after', () => {
    const dataDir = join(folder(), 'data');
    const first = resolveAdminToken(undefined, dataDir);
    assert.equal(first.file, join(dataDir, ADMIN_TOKEN_FILE));
    assert.ok(first.token.length >= 32, first.token);
    assert.equal(mode(first.file), 0o600);
    assert.deepEqual(resolveAdminToken(undefined, dataDir), first);
  });

  test('a configured token is used as it is and nothing is written', () => {
    const dataDir = folder();
    assert.deepEqual(resolveAdminToken(ADMIN_TOKEN, dataDir), { token: ADMIN_TOKEN });
    assert.equal(existsSync(join(dataDir, ADMIN_TOKEN_FILE)), false);
  });

  test('survives a restart of the server (PGlite data folder)', async () => {
    const dataDir = folder();
    const env = { TADAMON_DATA_DIR: dataDir, TADAMON_ADMIN_TOKEN: undefined, DATABASE_URL: undefined };
    const tokens: string[] = [];
    for (let start = 0; start < 2; start++) {
      const { child, base, output } = await startServerProcess(env);
      try {
        const token = /admin token (\S+) {2}\(kept in (.+)\)/.exec(output);
        assert.ok(token, output);
        assert.equal(token[2], join(dataDir, ADMIN_TOKEN_FILE));
        tokens.push(token[1]);
        const response = await fetch(`${base}/admin/campaigns/${DEMO_CAMPAIGN}/donations`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token[1]}`, 'content-type': 'application/json' },
          body: JSON.stringify({ amount: 100 }),
        });
        assert.equal(response.status, 201);
      } finally {
        child.kill('SIGTERM');
        await once(child, 'exit');
      }
    }
    assert.equal(tokens[1], tokens[0]);
    assert.equal(mode(join(dataDir, ADMIN_TOKEN_FILE)), 0o600);
  });

  test('a configured token shorter than 32 characters is refused at start, with a clear message', async () => {
    const { code, output } = await failedStart({
      TADAMON_ADMIN_TOKEN: 'too-short-secret',
      TADAMON_DATA_DIR: folder(),
      DATABASE_URL: undefined,
    });
    assert.equal(code, 1, output);
    assert.match(output, /cannot start: TADAMON_ADMIN_TOKEN is 16 characters long; an admin token needs at least 32/);
    assert.doesNotMatch(output, /listening on/);
  });
});

describe('admin bearer scheme on pglite', () => {
  const server = useApp(backends[0]);

  const csv = (authorization: string) =>
    server.app.inject({
      url: '/admin/opportunities/winter-distribution-tounfite/signups.csv',
      headers: { authorization },
    });

  test('is case-insensitive', async () => {
    for (const scheme of ['Bearer', 'bearer', 'BEARER', 'bEaReR']) {
      assert.equal((await csv(`${scheme} ${ADMIN_TOKEN}`)).statusCode, 200, scheme);
    }
  });

  test('still needs the exact token after it', async () => {
    for (const authorization of [
      `Bearer ${ADMIN_TOKEN.toUpperCase()}`,
      `Basic ${ADMIN_TOKEN}`,
      `Bearer${ADMIN_TOKEN}`,
      'bearer ',
    ]) {
      assert.equal((await csv(authorization)).statusCode, 401, authorization);
    }
  });

  test('buildApp refuses a short token', async () => {
    await assert.rejects(testApp(server.db.database, { adminToken: 'short' }), /at least 32/);
  });
});
