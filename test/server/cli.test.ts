import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Campaign } from '../../server/src/schemas/campaigns.js';
import type { SignupResult } from '../../server/src/schemas/opportunities.js';
import {
  ADMIN_TOKEN,
  ALLOWED_ORIGIN,
  backends,
  DEMO_CAMPAIGN,
  newOpportunity,
  signupBody,
  testApp,
  type TestDatabase,
} from './helper.js';

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

describe('admin CLI against a listening server', () => {
  let db: TestDatabase;
  let app: FastifyInstance;
  let env: Record<string, string>;
  before(async () => {
    db = await backends[0].open();
    app = await testApp(db.database);
    env = { TADAMON_API: await app.listen({ port: 0, host: '127.0.0.1' }), TADAMON_ADMIN_TOKEN: ADMIN_TOKEN };
  });
  after(async () => {
    await app?.close();
    await db?.close();
  });

  test('--help explains the commands', async () => {
    const { code, stdout } = await admin(['--help'], env);
    assert.equal(code, 0);
    assert.match(stdout, /create-campaign --file/);
    assert.match(stdout, /donate <campaignId> --amount/);
  });

  test('donate sends dirhams as centimes; receive records items', async () => {
    const before = (await app.inject(`/campaigns/${DEMO_CAMPAIGN}`)).json<Campaign>();
    const donated = await admin(
      ['donate', DEMO_CAMPAIGN, '--amount', '250.50', '--source', 'cash', '--name', 'Moha'],
      env,
    );
    assert.equal(donated.code, 0, donated.stderr);
    assert.match(donated.stdout, new RegExp(DEMO_CAMPAIGN));
    const received = await admin(['receive', DEMO_CAMPAIGN, 'wood-stoves', '--quantity', '2'], env);
    assert.equal(received.code, 0, received.stderr);
    const after = (await app.inject(`/campaigns/${DEMO_CAMPAIGN}`)).json<Campaign>();
    assert.equal(after.raised, before.raised + 25_050);
    assert.equal(after.items?.find((item) => item.id === 'wood-stoves')?.received, 13);
  });

  test('create-campaign posts the file', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'tadamon-cli-'));
    const file = join(folder, 'campaign.json');
    await writeFile(
      file,
      JSON.stringify({
        id: 'cli-campaign',
        title: 'Puits',
        association: { id: 'amal-tounfite', name: 'Amal' },
        goal: 500_000,
      }),
    );
    const { code, stderr } = await admin(['create-campaign', '--file', file], env);
    assert.equal(code, 0, stderr);
    assert.equal((await app.inject('/campaigns/cli-campaign')).statusCode, 200);
  });

  test('problems are printed readably with a non-zero exit', async () => {
    const unknown = await admin(['donate', 'nope', '--amount', '10'], env);
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /Error 404: campaign_not_found/);
    const wrongToken = await admin(['donate', DEMO_CAMPAIGN, '--amount', '10'], {
      ...env,
      TADAMON_ADMIN_TOKEN: 'wrong',
    });
    assert.equal(wrongToken.code, 1);
    assert.match(wrongToken.stderr, /Error 401: unauthorized/);
    const badAmount = await admin(['donate', DEMO_CAMPAIGN, '--amount', '-5'], env);
    assert.equal(badAmount.code, 1);
    assert.match(badAmount.stderr, /--amount/);
    const invalid = await admin(['receive', DEMO_CAMPAIGN, 'boots', '--quantity', '2000000'], env);
    assert.equal(invalid.code, 1);
    assert.match(invalid.stderr, /Error 422: validation_failed[\s\S]*quantity: too_large/);
  });

  test('opportunities: create, export signups, delete one (promoting the waitlist), purge', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'tadamon-cli-'));
    const file = join(folder, 'opportunity.json');
    await writeFile(
      file,
      JSON.stringify(newOpportunity('cli-opportunity', [{ id: 'morning', capacity: 1, waitlist: true }])),
    );
    const created = await admin(['create-opportunity', '--file', file], env);
    assert.equal(created.code, 0, created.stderr);
    assert.match(created.stdout, /cli-opportunity: created\n {2}morning: 1 of 1 places left/);

    const signUp = async (n: number) => {
      const response = await app.inject({
        method: 'POST',
        url: '/opportunities/cli-opportunity/signups',
        headers: { origin: ALLOWED_ORIGIN, 'idempotency-key': `cli-${n}` },
        payload: { ...signupBody(n), name: n === 1 ? '=cmd|calc' : `Volunteer ${n}` },
      });
      assert.equal(response.statusCode, 201, response.body);
      return response.json<SignupResult>();
    };
    const first = await signUp(1);
    const second = await signUp(2);
    assert.equal(second.status, 'waitlisted');

    const printed = await admin(['signups', 'cli-opportunity'], env);
    assert.equal(printed.code, 0, printed.stderr);
    assert.ok(printed.stdout.startsWith('\uFEFFsignup_id,'));
    assert.ok(printed.stdout.includes("'=cmd|calc"));
    const out = join(folder, 'signups.csv');
    const written = await admin(['signups', 'cli-opportunity', '--out', out], env);
    assert.equal(written.code, 0, written.stderr);
    assert.match(written.stdout, /2 lines written/);
    assert.equal((await readFile(out, 'utf8')).split('\r\n').length, 4);

    const deleted = await admin(['delete-signup', first.id], env);
    assert.equal(deleted.code, 0, deleted.stderr);
    assert.match(deleted.stdout, new RegExp(`morning: signup ${second.id} moved from the waitlist`));
    const missing = await admin(['delete-signup', first.id], env);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /Error 404: signup_not_found/);

    const purged = await admin(['purge', '--months', '0'], env);
    assert.equal(purged.code, 0, purged.stderr);
    assert.match(purged.stdout, /\d+ signups anonymised/);
    const badMonths = await admin(['purge', '--months', 'soon'], env);
    assert.equal(badMonths.code, 1);
    assert.match(badMonths.stderr, /--months/);
  });
});
