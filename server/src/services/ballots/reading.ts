import type { Kysely } from 'kysely';
import type { Database } from '../../db/types.js';
import { ProblemError } from '../../problems.js';
import type { AdminBallot, Ballot, BallotStatus } from '../../schemas/ballots.js';
import { RESOURCE_ID } from '../opportunities/reading.js';

export type Db = Kysely<Database>;

export interface Partner {
  id: string;
  name: Ballot['partners'][number]['name'];
  origins: string[];
}

/** A ballot with what only the server sees: origins, the voters' HMAC key, the notice version. */
export interface LoadedBallot {
  ballot: Ballot;
  partners: Partner[];
  organiserOrigins: string[];
  secret: string;
  noticeVersion: string;
  publishedAt: Date | null;
}

export const ballotNotFound = (id: string) => new ProblemError(404, 'ballot_not_found', `No ballot "${id}".`);

/** The status by the server's clock; `published` once the organiser published the results. */
export function ballotStatus(
  ballot: { opensAt: string; closesAt: string; publishedAt?: Date | null },
  now = Date.now(),
): BallotStatus {
  if (ballot.publishedAt) return 'published';
  if (now < Date.parse(ballot.opensAt)) return 'upcoming';
  if (now >= Date.parse(ballot.closesAt)) return 'closed';
  return 'open';
}

/** When the status changes by itself (opening, closing), if it still will. */
export function nextStatusChange(ballot: { opensAt: string; closesAt: string }, now = Date.now()): number | undefined {
  return [ballot.opensAt, ballot.closesAt].map(Date.parse).find((at) => at > now);
}

export async function loadBallot(db: Db, id: string, now = Date.now()): Promise<LoadedBallot | undefined> {
  if (!RESOURCE_ID.test(id)) return undefined;
  const row = await db.selectFrom('ballots').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) return undefined;
  const [categories, finalists, partners] = await Promise.all([
    db.selectFrom('ballot_categories').selectAll().where('ballot_id', '=', id).orderBy('position').execute(),
    db.selectFrom('ballot_finalists').selectAll().where('ballot_id', '=', id).orderBy('position').execute(),
    db.selectFrom('ballot_partners').selectAll().where('ballot_id', '=', id).orderBy('position').execute(),
  ]);
  const opensAt = row.opens_at.toISOString();
  const closesAt = row.closes_at.toISOString();
  return {
    ballot: {
      id: row.id,
      title: row.title,
      ...(row.description === null ? {} : { description: row.description }),
      organiser: row.organiser,
      status: ballotStatus({ opensAt, closesAt, publishedAt: row.published_at }, now),
      opensAt,
      closesAt,
      verification: 'email',
      spamProtection: 'pow',
      votesCast: row.votes_cast,
      categories: categories.map((category) => ({
        id: category.id,
        title: category.title,
        ...(category.description === null ? {} : { description: category.description }),
        finalists: finalists
          .filter((finalist) => finalist.category_id === category.id)
          .map((finalist) => ({ id: finalist.id, ...finalist.texts })),
      })),
      partners: partners.map((partner) => ({ id: partner.id, name: partner.name })),
      privacy: row.privacy,
      updatedAt: row.updated_at.toISOString(),
    },
    partners: partners.map((partner) => ({ id: partner.id, name: partner.name, origins: partner.origins })),
    organiserOrigins: row.organiser_origins,
    secret: row.voter_secret,
    noticeVersion: row.notice_version,
    publishedAt: row.published_at,
  };
}

export async function getLoadedBallot(db: Db, id: string): Promise<LoadedBallot> {
  const loaded = await loadBallot(db, id);
  if (!loaded) throw ballotNotFound(id);
  return loaded;
}

export async function getBallot(db: Db, id: string): Promise<Ballot> {
  return (await getLoadedBallot(db, id)).ballot;
}

export async function getAdminBallot(db: Db, id: string): Promise<AdminBallot> {
  const loaded = await getLoadedBallot(db, id);
  return {
    ...loaded.ballot,
    partners: loaded.partners,
    organiserOrigins: loaded.organiserOrigins,
    ...(loaded.publishedAt ? { publishedAt: loaded.publishedAt.toISOString() } : {}),
  };
}

/** `{ status, votesCast }` of the `ballot` event, or undefined when the ballot is gone. */
export async function ballotEvent(
  db: Db,
  id: string,
): Promise<{ status: BallotStatus; votesCast: number } | undefined> {
  const row = await db
    .selectFrom('ballots')
    .select(['opens_at', 'closes_at', 'published_at', 'votes_cast'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) return undefined;
  const status = ballotStatus({
    opensAt: row.opens_at.toISOString(),
    closesAt: row.closes_at.toISOString(),
    publishedAt: row.published_at,
  });
  return { status, votesCast: row.votes_cast };
}

/** The text of a LocalizedText in `language`, else French, Arabic, English, then any (shared/API.md). */
export function pickText(text: unknown, language: string): string {
  if (typeof text === 'string') return text;
  const byLanguage = (text ?? {}) as Record<string, string>;
  for (const candidate of [language, 'fr', 'ar', 'en']) if (byLanguage[candidate]) return byLanguage[candidate];
  return Object.values(byLanguage)[0] ?? '';
}
