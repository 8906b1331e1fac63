import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { before, describe, test } from 'node:test';
import type { Campaign } from '../../server/src/schemas/campaigns.js';
import type { AdminOpportunity, Opportunity, SignupResult } from '../../server/src/schemas/opportunities.js';
import { ADMIN_TOKEN, ALLOWED_ORIGIN, backends, DEMO_CAMPAIGN, newOpportunity, signupBody, useApp } from './helper.js';

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
  const server = useApp(backends[0]);
  let env: Record<string, string>;
  before(async () => {
    env = { TADAMON_API: await server.app.listen({ port: 0, host: '127.0.0.1' }), TADAMON_ADMIN_TOKEN: ADMIN_TOKEN };
  });

  test('--help explains the commands', async () => {
    const { code, stdout } = await admin(['--help'], env);
    assert.equal(code, 0);
    assert.match(stdout, /create-campaign --file/);
    assert.match(stdout, /donate <campaignId> --amount/);
  });

  test('donate sends dirhams as centimes and prints amounts as people write them; receive prints the items', async () => {
    const before = (await server.app.inject(`/campaigns/${DEMO_CAMPAIGN}`)).json<Campaign>();
    const donated = await admin(
      ['donate', DEMO_CAMPAIGN, '--amount', '250.50', '--source', 'cash', '--name', 'Moha'],
      env,
    );
    assert.equal(donated.code, 0, donated.stderr);
    const after = (await server.app.inject(`/campaigns/${DEMO_CAMPAIGN}`)).json<Campaign>();
    assert.equal(after.raised, before.raised + 25_050);
    const raised = (after.raised / 100).toLocaleString('en-US', { minimumFractionDigits: 2 });
    assert.match(raised, /^\d{2,3},\d{3}\.\d{2}$/);
    assert.equal(
      donated.stdout.trim(),
      `${DEMO_CAMPAIGN}: ${raised} MAD raised of 150,000.00 from ${after.donors.toLocaleString('en-US')} donations`,
    );
    const received = await admin(['receive', DEMO_CAMPAIGN, 'wood-stoves', '--quantity', '2'], env);
    assert.equal(received.code, 0, received.stderr);
    assert.equal(received.stdout.trim(), 'wood-stoves: 2 received; 13 of 40 stoves received in all');
    const stoves = (await server.app.inject(`/campaigns/${DEMO_CAMPAIGN}`)).json<Campaign>().items;
    assert.equal(stoves?.find((item) => item.id === 'wood-stoves')?.received, 13);
  });

  test('a negative or malformed amount or quantity is a readable error, and nothing is sent', async () => {
    const before = (await server.app.inject(`/campaigns/${DEMO_CAMPAIGN}`)).json<Campaign>();
    for (const args of [['--amount', '-5'], ['--amount=-5']]) {
      const negative = await admin(['donate', DEMO_CAMPAIGN, ...args], env);
      assert.equal(negative.code, 1);
      assert.equal(negative.stderr.trim(), '--amount must be more than zero, not "-5".');
    }
    const words = await admin(['donate', DEMO_CAMPAIGN, '--amount', 'mille'], env);
    assert.equal(words.stderr.trim(), '--amount must be an amount in dirhams like 250 or 99.50, not "mille".');
    const quantity = await admin(['receive', DEMO_CAMPAIGN, 'boots', '--quantity', '-3'], env);
    assert.equal(quantity.code, 1);
    assert.equal(quantity.stderr.trim(), '--quantity must be a whole number more than zero, not "-3".');
    assert.deepEqual((await server.app.inject(`/campaigns/${DEMO_CAMPAIGN}`)).json<Campaign>(), before);
  });

  test('create-campaign and update-campaign: the README’s example file, then a change', async () => {
    const created = await admin(['create-campaign', '--file', 'examples/campaign.json'], env);
    assert.equal(created.code, 0, created.stderr);
    assert.equal(created.stdout.trim(), 'well-tighdouine: 0.00 MAD raised of 80,000.00 from 0 donations');
    const campaign = (await server.app.inject('/campaigns/well-tighdouine')).json<Campaign>();
    const example = JSON.parse(await readFile(join(root, 'examples/campaign.json'), 'utf8')) as {
      title: Record<string, string>;
    };
    assert.deepEqual(campaign.title, example.title);
    assert.deepEqual(Object.keys(campaign.title).sort(), ['ar', 'en', 'fr', 'zgh']);

    const folder = await mkdtemp(join(tmpdir(), 'tadamon-cli-'));
    const file = join(folder, 'changes.json');
    await writeFile(
      file,
      JSON.stringify({
        goal: 9_000_000,
        startsAt: new Date(Date.now() - 86_400_000).toISOString(),
        endsAt: new Date().toISOString(),
      }),
    );
    const updated = await admin(['update-campaign', 'well-tighdouine', '--file', file], env);
    assert.equal(updated.code, 0, updated.stderr);
    assert.equal(updated.stdout.trim(), 'well-tighdouine: 0.00 MAD raised of 90,000.00 from 0 donations (ended)');
  });

  test('the webmaster’s way in: allow-origin, disallow-origin, close-shift, close-opportunity', async () => {
    const created = await admin(['create-opportunity', '--file', 'examples/opportunity.json'], env);
    assert.equal(created.code, 0, created.stderr);
    assert.equal(
      created.stdout.trim(),
      ['school-repair-tighdouine: created', '  painting: 10 of 10 places left', '  windows: 4 of 4 places left'].join(
        '\n',
      ),
    );
    const id = 'school-repair-tighdouine';
    const site = 'https://www.my-association.ma';
    const signUp = async (n: number, origin: string, shiftIds = ['windows']) =>
      server.app.inject({
        method: 'POST',
        url: `/opportunities/${id}/signups`,
        headers: { origin, 'idempotency-key': `cli-site-${n}-${origin}` },
        payload: { ...signupBody(n, shiftIds), answers: { tools: ['ladder', 'drill'] } },
      });
    // The example asks for proof of work; the origin check comes first, so a refusal is about the origin.
    assert.equal((await signUp(1, site)).json<{ code: string }>().code, 'origin_not_allowed');

    // A page address works too: the command keeps what a browser sends as Origin.
    const allowed = await admin(['allow-origin', id, `${site}/benevolat/`], env);
    assert.equal(allowed.code, 0, allowed.stderr);
    assert.equal(
      allowed.stdout.trim(),
      `${site} may now send signups for ${id}.\nAllowed origins: https://www.example.org, ${site}`,
    );
    assert.equal((await signUp(1, site)).json<{ code: string }>().code, 'challenge_invalid');
    const again = await admin(['allow-origin', id, site], env);
    assert.match(again.stdout, /was already allowed/);

    const disallowed = await admin(['disallow-origin', id, 'https://www.example.org'], env);
    assert.equal(disallowed.code, 0, disallowed.stderr);
    assert.equal(
      disallowed.stdout.trim(),
      `https://www.example.org may no longer send signups for ${id}.\nAllowed origins: ${site}`,
    );
    const admin_ = await server.app.inject({
      url: `/admin/opportunities/${id}`,
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    assert.deepEqual(admin_.json<AdminOpportunity>().allowedOrigins, [site]);
    const notAnOrigin = await admin(['allow-origin', id, 'www.my-association.ma'], env);
    assert.equal(notAnOrigin.code, 1);
    assert.match(notAnOrigin.stderr, /write it like https:\/\/www\.example\.ma/);

    const shift = await admin(['close-shift', id, 'windows'], env);
    assert.equal(shift.code, 0, shift.stderr);
    assert.equal(
      shift.stdout.trim(),
      [
        `${id}: shift windows closed`,
        '  painting: 10 of 10 places left',
        '  windows: 4 of 4 places left (closed)',
      ].join('\n'),
    );
    const unknownShift = await admin(['close-shift', id, 'roof'], env);
    assert.equal(unknownShift.code, 1);
    assert.equal(unknownShift.stderr.trim(), `No shift "roof" in ${id}; its shifts are: painting, windows.`);

    const closed = await admin(['close-opportunity', id], env);
    assert.equal(closed.code, 0, closed.stderr);
    assert.match(closed.stdout, new RegExp(`^${id}: closed \\(closed: takes no signups\\)`));
    assert.equal((await server.app.inject(`/opportunities/${id}`)).json<Opportunity>().status, 'closed');
    const missing = await admin(['close-opportunity', 'no-such-opportunity'], env);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /Error 404: opportunity_not_found/);
  });

  test('update-opportunity sends the file as a partial change', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'tadamon-cli-'));
    const file = join(folder, 'changes.json');
    await writeFile(file, JSON.stringify({ status: 'open', shifts: [{ id: 'painting', capacity: 12 }] }));
    const updated = await admin(['update-opportunity', 'school-repair-tighdouine', '--file', file], env);
    assert.equal(updated.code, 0, updated.stderr);
    assert.match(updated.stdout, /^school-repair-tighdouine: updated\n {2}painting: 12 of 12 places left\n/);
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
    assert.match(created.stdout, /cli-opportunity: created\n {2}morning: 1 of 1 place left/);

    const signUp = async (n: number) => {
      const response = await server.app.inject({
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
