import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { solveChallenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2';
import { randomUUID } from 'node:crypto';
import type { TadamonDatabase } from '../../server/src/db/database.js';
import { adminHeaders } from './helper.js';

export const ORGANISER_ORIGIN = 'https://awards.example.org';
export const PARTNER_A = { id: 'akhbar-test', origin: 'https://akhbar.example.ma' };
export const PARTNER_B = { id: 'radio-test', origin: 'https://radio.example.ma' };

/** A `POST /admin/ballots` body: two categories of three finalists, open from a minute ago for a day. */
export function newBallot(id: string, extra: Record<string, unknown> = {}) {
  const now = Date.now();
  return {
    id,
    title: { fr: 'Prix de la solidarité', ar: 'جوائز التضامن', en: 'Solidarity awards', zgh: 'ⵜⵉⵏⴰⴳⵉⵜⵉⵏ' },
    organiser: { id: 'tadamon-org', name: 'Tadamon', url: 'https://awards.example.org' },
    opensAt: new Date(now - 60_000).toISOString(),
    closesAt: new Date(now + 86_400_000).toISOString(),
    categories: ['citizen', 'education'].map((category) => ({
      id: category,
      title: { fr: `Catégorie ${category}`, ar: `فئة ${category}`, en: `Category ${category}` },
      finalists: ['one', 'two', 'three'].map((finalist) => ({
        id: `${category}-${finalist}`,
        name: { fr: `Finaliste ${finalist}` },
      })),
    })),
    partners: [
      { id: PARTNER_A.id, name: 'Akhbar', origins: [PARTNER_A.origin] },
      { id: PARTNER_B.id, name: 'Radio', origins: [PARTNER_B.origin] },
    ],
    organiserOrigins: [ORGANISER_ORIGIN],
    privacy: { controller: 'Tadamon', contact: 'privacy@example.org', purpose: 'Vote', retentionMonths: 3 },
    ...extra,
  };
}

export async function createBallot(app: FastifyInstance, body: Record<string, unknown>): Promise<void> {
  const response = await app.inject({ method: 'POST', url: '/admin/ballots', headers: adminHeaders, payload: body });
  assert.equal(response.statusCode, 201, response.body);
}

/** A solved challenge of the ballot, as the widget sends it. */
export async function solved(app: FastifyInstance, ballotId: string): Promise<string> {
  const response = await app.inject(`/ballots/${ballotId}/challenge`);
  assert.equal(response.statusCode, 200, response.body);
  const challenge = response.json<Parameters<typeof solveChallenge>[0]['challenge']>();
  const solution = await solveChallenge({ challenge, deriveKey });
  assert.ok(solution);
  return Buffer.from(JSON.stringify({ challenge, solution })).toString('base64');
}

export function voteBody(email: string, altcha: string, extra: Record<string, unknown> = {}) {
  return {
    selections: [
      { categoryId: 'citizen', finalistId: 'citizen-one' },
      { categoryId: 'education', finalistId: 'education-two' },
    ],
    email,
    consent: true,
    locale: 'fr',
    altcha,
    ...extra,
  };
}

export function postVote(
  app: FastifyInstance,
  ballotId: string,
  body: unknown,
  { origin = ORGANISER_ORIGIN, key = randomUUID() }: { origin?: string; key?: string } = {},
) {
  return app.inject({
    method: 'POST',
    url: `/ballots/${ballotId}/votes`,
    headers: { origin, 'idempotency-key': key, 'content-type': 'application/json' },
    payload: JSON.stringify(body),
  });
}

/** The confirmation token of the newest mail sent to `to`, read from the outbox. */
export async function tokenMailedTo(database: TadamonDatabase, to: string): Promise<string> {
  const mail = await database.db
    .selectFrom('mail_outbox')
    .select('body')
    .where('to_address', '=', to)
    .orderBy('id', 'desc')
    .executeTakeFirstOrThrow();
  const match = /confirm\?token=([A-Za-z0-9_-]+)/.exec(mail.body ?? '');
  assert.ok(match, `no link in ${mail.body}`);
  return match[1];
}

export function confirm(app: FastifyInstance, ballotId: string, token: string) {
  return app.inject({
    method: 'POST',
    url: `/ballots/${ballotId}/confirmations`,
    headers: { 'content-type': 'application/json' },
    payload: { token },
  });
}

/** Rows of the ballot tables (all ballots together). */
export async function ballotRows(database: TadamonDatabase): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of [
    'ballot_votes',
    'ballot_selections',
    'ballot_tokens',
    'ballot_ledger',
    'mail_outbox',
    'used_challenges',
    'idempotency_keys',
  ] as const) {
    const row = await database.db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<string>().as('count'))
      .executeTakeFirstOrThrow();
    counts[table] = Number(row.count);
  }
  const counted = await database.db
    .selectFrom('ballot_selections')
    .select((eb) => eb.fn.countAll<string>().as('count'))
    .where('status', '=', 'counted')
    .executeTakeFirstOrThrow();
  counts.counted = Number(counted.count);
  return counts;
}
