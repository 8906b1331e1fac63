import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { before, describe, test } from 'node:test';
import { confirm, createBallot, newBallot, postVote, solved, tokenMailedTo, voteBody } from './ballot-helper.js';
import { ADMIN_TOKEN, adminHeaders, backends, useApp } from './helper.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

function admin(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'server/src/cli.ts', ...args],
      { cwd: root, env: { ...process.env, ...env } },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('ballot commands of the admin CLI', () => {
  const server = useApp(backends[0]);
  let env: Record<string, string>;
  before(async () => {
    env = { TADAMON_API: await server.app.listen({ port: 0, host: '127.0.0.1' }), TADAMON_ADMIN_TOKEN: ADMIN_TOKEN };
  });

  test('create-ballot from examples/ballot.json, then ballot-partner adds a site', async () => {
    const created = await admin(['create-ballot', '--file', 'examples/ballot.json'], env);
    assert.equal(created.code, 0, created.stderr);
    assert.match(created.stdout, /green-schools-awards-2027: created \(upcoming, 0 votes counted\)/);
    const added = await admin(
      [
        'ballot-partner',
        'green-schools-awards-2027',
        'radio-example',
        '--name',
        'Radio',
        '--origin',
        'https://radio.example.ma/page',
      ],
      env,
    );
    assert.equal(added.code, 0, added.stderr);
    assert.match(added.stdout, /partner radio-example added/);
    assert.match(added.stdout, /partner radio-example: https:\/\/radio\.example\.ma$/m);
    assert.match(added.stdout, /partner akhbar-example: https:\/\/www\.akhbar\.example\.ma/);
    const missing = await admin(['ballot-partner', 'green-schools-awards-2027', 'nameless'], env);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /--name and at least one --origin/);
  });

  test('results, offline-tally, publish, audit and verify-audit; a changed line fails at that line', async () => {
    const { app, db } = server;
    await createBallot(app, newBallot('cli-ballot'));
    for (const email of ['a@example.ma', 'b@example.ma']) {
      assert.equal(
        (await postVote(app, 'cli-ballot', voteBody(email, await solved(app, 'cli-ballot')))).statusCode,
        202,
      );
      assert.equal((await confirm(app, 'cli-ballot', await tokenMailedTo(db.database, email))).statusCode, 200);
    }
    const results = await admin(['results', 'cli-ballot'], env);
    assert.equal(results.code, 0, results.stderr);
    assert.match(results.stdout, /^open: 4 votes counted, 0 waiting for confirmation$/m);
    assert.match(results.stdout, /^ {2}citizen-one: 2$/m);
    assert.match(results.stdout, /^via the organiser’s pages: 4 votes$/m);

    const dir = await mkdtemp(join(tmpdir(), 'tadamon-ballot-'));
    const tally = join(dir, 'tally.json');
    await writeFile(
      tally,
      JSON.stringify({
        source: 'Fête de Tounfite',
        totals: [{ categoryId: 'citizen', finalistId: 'citizen-two', votes: 7 }],
      }),
    );
    const offline = await admin(['offline-tally', 'cli-ballot', '--file', tally], env);
    assert.equal(offline.code, 0, offline.stderr);
    assert.match(offline.stdout, /^ {2}citizen-two: 7 \(7 on paper\)$/m);

    const early = await admin(['publish', 'cli-ballot'], env);
    assert.equal(early.code, 1);
    assert.match(early.stderr, /409: ballot_not_closed/);
    const closed = await app.inject({
      method: 'PATCH',
      url: '/admin/ballots/cli-ballot',
      headers: adminHeaders,
      payload: { closesAt: new Date(Date.now() - 1000).toISOString() },
    });
    assert.equal(closed.statusCode, 200, closed.body);
    const published = await admin(['publish', 'cli-ballot'], env);
    assert.equal(published.code, 0, published.stderr);
    assert.match(published.stdout, /cli-ballot: results published \(published, 4 votes counted\)/);

    const file = join(dir, 'audit.jsonl');
    const audit = await admin(['audit', 'cli-ballot', '--out', file], env);
    assert.equal(audit.code, 0, audit.stderr);
    assert.equal(audit.stdout.trim(), `4 lines written to ${file}`);
    const verified = await admin(['verify-audit', file], env);
    assert.equal(verified.code, 0, verified.stderr);
    assert.match(verified.stdout, /4 lines verified; head [0-9a-f]{64}/);
    assert.match(verified.stdout, /^ {2}citizen \/ citizen-one: 2$/m);

    const lines = (await readFile(file, 'utf8')).trim().split('\n');
    lines[2] = lines[2].replace(/"finalistId":"[a-z-]+"/, '"finalistId":"education-three"');
    await writeFile(join(dir, 'changed.jsonl'), `${lines.join('\n')}\n`);
    const changed = await admin(['verify-audit', join(dir, 'changed.jsonl')], env);
    assert.equal(changed.code, 1);
    assert.match(changed.stderr, /verification fails at line 3: hash does not match/);
  });
});
