import { sql } from 'kysely';
import { ProblemError } from '../../problems.js';
import type { AdminBallotResults, BallotResults, LedgerLine } from '../../schemas/ballots.js';
import { getLoadedBallot, type Db, type LoadedBallot } from './reading.js';

type CategoryTotals = BallotResults['categories'];

/** Counted votes plus offline tallies per finalist, every finalist listed (0 included), in the ballot's order. */
async function totals(db: Db, loaded: LoadedBallot): Promise<CategoryTotals> {
  const ballotId = loaded.ballot.id;
  const [online, offline] = await Promise.all([
    db
      .selectFrom('ballot_selections')
      .select(['category_id', 'finalist_id', (eb) => eb.fn.countAll<string>().as('votes')])
      .where('ballot_id', '=', ballotId)
      .where('status', '=', 'counted')
      .groupBy(['category_id', 'finalist_id'])
      .execute(),
    db
      .selectFrom('ballot_offline_tallies')
      .select(['category_id', 'finalist_id', (eb) => eb.fn.sum<string>('votes').as('votes')])
      .where('ballot_id', '=', ballotId)
      .groupBy(['category_id', 'finalist_id'])
      .execute(),
  ]);
  const key = (categoryId: string, finalistId: string) => `${categoryId}\n${finalistId}`;
  const onlineVotes = new Map(online.map((row) => [key(row.category_id, row.finalist_id), Number(row.votes)]));
  const offlineVotes = new Map(offline.map((row) => [key(row.category_id, row.finalist_id), Number(row.votes)]));
  return loaded.ballot.categories.map((category) => ({
    id: category.id,
    totals: category.finalists.map((finalist) => {
      const paper = offlineVotes.get(key(category.id, finalist.id)) ?? 0;
      return {
        finalistId: finalist.id,
        votes: (onlineVotes.get(key(category.id, finalist.id)) ?? 0) + paper,
        ...(paper > 0 ? { offline: paper } : {}),
      };
    }),
  }));
}

export const resultsNotPublished = () =>
  new ProblemError(403, 'results_not_published', 'The results are not published yet.');

/** The published results; 403 `results_not_published` before. */
export async function publicResults(db: Db, ballotId: string): Promise<BallotResults> {
  const loaded = await getLoadedBallot(db, ballotId);
  if (!loaded.publishedAt) throw resultsNotPublished();
  return {
    publishedAt: loaded.publishedAt.toISOString(),
    votesCast: loaded.ballot.votesCast ?? 0,
    categories: await totals(db, loaded),
  };
}

/** Totals at any time, votes waiting for confirmation, and the confirmed votes each partner site brought. */
export async function adminResults(db: Db, ballotId: string): Promise<AdminBallotResults> {
  const loaded = await getLoadedBallot(db, ballotId);
  const [pending, partners] = await Promise.all([
    db
      .selectFrom('ballot_votes')
      .select((eb) => eb.fn.countAll<string>().as('count'))
      .where('ballot_id', '=', ballotId)
      .where('confirmed_at', 'is', null)
      .where('expires_at', '>', sql<Date>`now()`)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('ballot_selections')
      .select(['partner', (eb) => eb.fn.countAll<string>().as('votes')])
      .where('ballot_id', '=', ballotId)
      .where('status', '=', 'counted')
      .groupBy('partner')
      .orderBy('partner')
      .execute(),
  ]);
  return {
    status: loaded.ballot.status,
    votesCast: loaded.ballot.votesCast ?? 0,
    pending: Number(pending.count),
    categories: await totals(db, loaded),
    partners: partners.map((row) => ({ partner: row.partner, votes: Number(row.votes) })),
  };
}

/** The audit ledger, in order, as JSON lines (one `LedgerLine` per line). */
export async function ledgerJsonLines(db: Db, ballotId: string, requirePublished: boolean): Promise<string> {
  const loaded = await getLoadedBallot(db, ballotId);
  if (requirePublished && !loaded.publishedAt) throw resultsNotPublished();
  const rows = await db
    .selectFrom('ballot_ledger')
    .selectAll()
    .where('ballot_id', '=', ballotId)
    .orderBy('seq')
    .execute();
  return rows
    .map((row) => {
      const line: LedgerLine = {
        seq: row.seq,
        at: row.at.toISOString(),
        categoryId: row.category_id,
        finalistId: row.finalist_id,
        partner: row.partner,
        voter: row.voter,
        prev: row.prev,
        hash: row.hash,
      };
      return `${JSON.stringify(line)}\n`;
    })
    .join('');
}
