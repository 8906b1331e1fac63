import { randomBytes } from 'node:crypto';
import { ProblemError, type FieldError } from '../../problems.js';
import type {
  AdminBallot,
  BallotCreateInput,
  BallotPatchInput,
  OfflineTallyInput,
  PartnerInput,
} from '../../schemas/ballots.js';
import { noticeVersion, RESOURCE_ID } from '../opportunities/reading.js';
import { GENESIS } from './ledger.js';
import { ballotNotFound, getAdminBallot, loadBallot, type Db } from './reading.js';

function duplicates(ids: string[], field: string, errors: FieldError[]): void {
  ids.forEach((id, index) => {
    if (ids.indexOf(id) !== index) errors.push({ field: `${field}.${index}.id`, code: 'duplicate' });
  });
}

function checkWindow(opensAt: string, closesAt: string, errors: FieldError[]): void {
  if (Date.parse(closesAt) <= Date.parse(opensAt)) errors.push({ field: 'closesAt', code: 'before_start' });
}

function throwIfAny(errors: FieldError[]): void {
  if (errors.length > 0) throw new ProblemError(422, 'validation_failed', 'The ballot is inconsistent.', errors);
}

async function replacePartners(trx: Db, ballotId: string, partners: PartnerInput[]): Promise<void> {
  await trx.deleteFrom('ballot_partners').where('ballot_id', '=', ballotId).execute();
  if (partners.length === 0) return;
  await trx
    .insertInto('ballot_partners')
    .values(
      partners.map((partner, position) => ({
        ballot_id: ballotId,
        id: partner.id,
        position,
        name: JSON.stringify(partner.name),
        origins: JSON.stringify(partner.origins),
      })),
    )
    .execute();
}

/** Inserts a ballot with its categories, finalists and partners; runs inside the caller's transaction. */
export async function insertBallot(trx: Db, input: BallotCreateInput): Promise<void> {
  const errors: FieldError[] = [];
  checkWindow(input.opensAt, input.closesAt, errors);
  duplicates(
    input.categories.map((category) => category.id),
    'categories',
    errors,
  );
  input.categories.forEach((category, index) =>
    duplicates(
      category.finalists.map((finalist) => finalist.id),
      `categories.${index}.finalists`,
      errors,
    ),
  );
  duplicates(
    (input.partners ?? []).map((partner) => partner.id),
    'partners',
    errors,
  );
  throwIfAny(errors);
  const inserted = await trx
    .insertInto('ballots')
    .values({
      id: input.id,
      title: JSON.stringify(input.title),
      description: input.description === undefined ? null : JSON.stringify(input.description),
      organiser: JSON.stringify(input.organiser),
      organiser_origins: JSON.stringify(input.organiserOrigins),
      opens_at: new Date(input.opensAt),
      closes_at: new Date(input.closesAt),
      privacy: JSON.stringify(input.privacy),
      notice_version: noticeVersion(input.privacy),
      voter_secret: randomBytes(32).toString('hex'),
      ledger_head: GENESIS,
    })
    .onConflict((oc) => oc.column('id').doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!inserted) throw new ProblemError(409, 'ballot_exists', `A ballot "${input.id}" already exists.`);
  await trx
    .insertInto('ballot_categories')
    .values(
      input.categories.map((category, position) => ({
        ballot_id: input.id,
        id: category.id,
        position,
        title: JSON.stringify(category.title),
        description: category.description === undefined ? null : JSON.stringify(category.description),
      })),
    )
    .execute();
  await trx
    .insertInto('ballot_finalists')
    .values(
      input.categories.flatMap((category) =>
        category.finalists.map(({ id, ...texts }, position) => ({
          ballot_id: input.id,
          category_id: category.id,
          id,
          position,
          texts: JSON.stringify(texts),
        })),
      ),
    )
    .execute();
  await replacePartners(trx, input.id, input.partners ?? []);
}

export async function createBallot(db: Db, input: BallotCreateInput): Promise<AdminBallot> {
  await db.transaction().execute((trx) => insertBallot(trx, input));
  return getAdminBallot(db, input.id);
}

/** Changes only what `input` names; `partners` replaces the partners and their origins. */
export async function updateBallot(db: Db, id: string, input: BallotPatchInput): Promise<AdminBallot> {
  if (!RESOURCE_ID.test(id)) throw ballotNotFound(id);
  await db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('ballots')
      .select(['opens_at', 'closes_at'])
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
    if (!row) throw ballotNotFound(id);
    const errors: FieldError[] = [];
    checkWindow(input.opensAt ?? row.opens_at.toISOString(), input.closesAt ?? row.closes_at.toISOString(), errors);
    if (input.partners) {
      duplicates(
        input.partners.map((partner) => partner.id),
        'partners',
        errors,
      );
    }
    throwIfAny(errors);
    if (input.partners) await replacePartners(trx, id, input.partners);
    await trx
      .updateTable('ballots')
      .set({
        ...(input.title === undefined ? {} : { title: JSON.stringify(input.title) }),
        ...(input.description === undefined ? {} : { description: JSON.stringify(input.description) }),
        ...(input.opensAt === undefined ? {} : { opens_at: new Date(input.opensAt) }),
        ...(input.closesAt === undefined ? {} : { closes_at: new Date(input.closesAt) }),
        ...(input.organiserOrigins === undefined ? {} : { organiser_origins: JSON.stringify(input.organiserOrigins) }),
        updated_at: new Date(),
      })
      .where('id', '=', id)
      .execute();
  });
  return getAdminBallot(db, id);
}

/** Publishes the results of a closed ballot (once: publishing again changes nothing). */
export async function publishBallot(db: Db, id: string, now = new Date()): Promise<AdminBallot> {
  if (!RESOURCE_ID.test(id)) throw ballotNotFound(id);
  await db.transaction().execute(async (trx) => {
    // The ballot's row lock: no confirmation is being counted while the results are published.
    const row = await trx
      .selectFrom('ballots')
      .select(['closes_at', 'published_at'])
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
    if (!row) throw ballotNotFound(id);
    if (row.published_at) return;
    if (now < row.closes_at) {
      throw new ProblemError(409, 'ballot_not_closed', 'Results are published once the ballot has closed.');
    }
    await trx.updateTable('ballots').set({ published_at: now, updated_at: now }).where('id', '=', id).execute();
  });
  return getAdminBallot(db, id);
}

/** Records paper ballots counted at an event: shown apart, and added to the published totals. */
export async function addOfflineTally(db: Db, id: string, input: OfflineTallyInput): Promise<void> {
  const loaded = await loadBallot(db, id);
  if (!loaded) throw ballotNotFound(id);
  const errors: FieldError[] = [];
  input.totals.forEach((total, index) => {
    const category = loaded.ballot.categories.find((candidate) => candidate.id === total.categoryId);
    if (!category) errors.push({ field: `totals.${index}.categoryId`, code: 'unknown_category' });
    else if (!category.finalists.some((finalist) => finalist.id === total.finalistId)) {
      errors.push({ field: `totals.${index}.finalistId`, code: 'unknown_finalist' });
    }
  });
  if (errors.length > 0) throw new ProblemError(422, 'validation_failed', 'Unknown categories or finalists.', errors);
  await db
    .insertInto('ballot_offline_tallies')
    .values(
      input.totals.map((total) => ({
        ballot_id: id,
        source: input.source,
        category_id: total.categoryId,
        finalist_id: total.finalistId,
        votes: total.votes,
      })),
    )
    .execute();
}
