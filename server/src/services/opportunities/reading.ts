import { createHash } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import type { Database, ShiftsTable } from '../../db/types.js';
import { ProblemError } from '../../problems.js';
import type { AdminOpportunity, Opportunity, PrivacyNotice } from '../../schemas/opportunities.js';
import { canonicalJson } from '../idempotency.js';

export type Db = Kysely<Database>;

export interface LoadedOpportunity {
  opportunity: Opportunity;
  allowedOrigins: string[];
  noticeVersion: string;
}

export const opportunityNotFound = (id: string) =>
  new ProblemError(404, 'opportunity_not_found', `No opportunity "${id}".`);

/** What a consent refers to: the exact notice shown, identified by its hash. */
export function noticeVersion(privacy: PrivacyNotice): string {
  return createHash('sha256').update(canonicalJson(privacy)).digest('hex');
}

function toShift(row: Selectable<ShiftsTable>): Opportunity['shifts'][number] {
  return {
    id: row.id,
    startsAt: row.starts_at.toISOString(),
    endsAt: row.ends_at.toISOString(),
    capacity: row.capacity,
    remaining: row.capacity - row.confirmed,
    waitlist: row.waitlist,
    ...(row.place === null ? {} : { place: row.place }),
    ...(row.closed ? { closed: true } : {}),
  };
}

export const RESOURCE_ID = /^[a-z0-9][a-z0-9-]{0,63}$/;

export async function loadOpportunity(db: Db, id: string): Promise<LoadedOpportunity | undefined> {
  // Ids come from URLs: anything that cannot be an id (NUL included, which PostgreSQL refuses) is simply unknown.
  if (!RESOURCE_ID.test(id)) return undefined;
  const row = await db
    .selectFrom('opportunities')
    .innerJoin('associations', 'associations.id', 'opportunities.association_id')
    .selectAll('opportunities')
    .select('associations.name as association_name')
    .where('opportunities.id', '=', id)
    .executeTakeFirst();
  if (!row) return undefined;
  const shifts = await db
    .selectFrom('shifts')
    .selectAll()
    .where('opportunity_id', '=', id)
    .orderBy('position')
    .execute();
  return {
    opportunity: {
      id: row.id,
      title: row.title,
      ...(row.description === null ? {} : { description: row.description }),
      association: { id: row.association_id, name: row.association_name },
      status: row.status,
      location: row.location,
      shifts: shifts.map(toShift),
      ...(row.questions === null ? {} : { questions: row.questions }),
      spamProtection: row.spam_protection,
      privacy: row.privacy,
    },
    allowedOrigins: row.allowed_origins,
    noticeVersion: row.notice_version,
  };
}

/** `loadOpportunity`, or its 404 problem. */
export async function requireOpportunity(db: Db, id: string): Promise<LoadedOpportunity> {
  const loaded = await loadOpportunity(db, id);
  if (!loaded) throw opportunityNotFound(id);
  return loaded;
}

export async function getOpportunity(db: Db, id: string): Promise<Opportunity> {
  return (await requireOpportunity(db, id)).opportunity;
}

/** The opportunity as the admin routes show it: with the origins allowed to send signups. */
export async function getAdminOpportunity(db: Db, id: string): Promise<AdminOpportunity> {
  const loaded = await requireOpportunity(db, id);
  return { ...loaded.opportunity, allowedOrigins: loaded.allowedOrigins };
}
