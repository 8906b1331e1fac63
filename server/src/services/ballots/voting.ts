import { createHash, createHmac, randomBytes, randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { ProblemError, type FieldError } from '../../problems.js';
import type { ConfirmationResult, VoteAccepted, VoteInput } from '../../schemas/ballots.js';
import { enqueueMail } from '../mail.js';
import { isDisposableEmail, normaliseVoterEmail } from '../personal-data.js';
import { lineHash, receiptOf } from './ledger.js';
import { confirmationMail, languageOf } from './messages.js';
import { ballotStatus, pickText, type Db, type LoadedBallot } from './reading.js';

/** How long a confirmation link stays valid. */
export const CONFIRMATION_TTL_MS = 48 * 3_600_000;

export interface CheckedVote {
  selections: { categoryId: string; finalistId: string }[];
  email: string;
  /** HMAC of the normalised email under the ballot's secret: the voter, as stored. */
  voter: string;
  partner: string | null;
  locale: string;
}

export const voterOf = (secret: string, normalisedEmail: string) =>
  createHmac('sha256', secret).update(normalisedEmail).digest('hex');

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** Everything that can be checked without the database's current state; throws 422 problems. */
export function checkVote(loaded: LoadedBallot, input: VoteInput): CheckedVote {
  const errors: FieldError[] = [];
  const seen = new Set<string>();
  input.selections.forEach((selection, index) => {
    const category = loaded.ballot.categories.find((candidate) => candidate.id === selection.categoryId);
    if (!category) errors.push({ field: `selections.${index}.categoryId`, code: 'unknown_category' });
    else if (!category.finalists.some((finalist) => finalist.id === selection.finalistId)) {
      errors.push({ field: `selections.${index}.finalistId`, code: 'unknown_finalist' });
    }
    if (seen.has(selection.categoryId)) errors.push({ field: `selections.${index}.categoryId`, code: 'duplicate' });
    seen.add(selection.categoryId);
  });
  if (errors.length > 0) throw new ProblemError(422, 'validation_failed', 'Some selections are not valid.', errors);
  const email = normaliseVoterEmail(input.email);
  if (email === undefined || isDisposableEmail(email)) {
    throw new ProblemError(422, 'invalid_email', 'This email address cannot receive the confirmation link.', [
      { field: 'email', code: 'invalid_email' },
    ]);
  }
  return {
    selections: input.selections.map(({ categoryId, finalistId }) => ({ categoryId, finalistId })),
    // The address as typed (trimmed) receives the mail; the normalised one identifies the voter.
    email: input.email.trim(),
    voter: voterOf(loaded.secret, email),
    partner: input.partner ?? null,
    locale: input.locale,
  };
}

export const ballotNotOpen = () =>
  new ProblemError(409, 'ballot_not_open', 'This ballot does not take votes now (upcoming, closed or published).');

/** What the honeypot answers: looks like an accepted vote, stores and sends nothing. */
export function fakeVoteAccepted(now = Date.now()): VoteAccepted {
  return {
    id: randomUUID(),
    status: 'pending_confirmation',
    expiresAt: new Date(now + CONFIRMATION_TTL_MS).toISOString(),
  };
}

/**
 * Stores a pending vote, its confirmation token (hashed) and its selections, and queues the mail with the link, in
 * the caller's transaction. The answer is the same whether or not this voter has voted before.
 */
export async function insertVote(
  trx: Db,
  loaded: LoadedBallot,
  vote: CheckedVote,
  context: { origin: string; confirmUrl: (token: string) => string },
  now = new Date(),
): Promise<VoteAccepted> {
  if (ballotStatus({ ...loaded.ballot, publishedAt: loaded.publishedAt }, now.getTime()) !== 'open') {
    throw ballotNotOpen();
  }
  const ballotId = loaded.ballot.id;
  const expiresAt = new Date(now.getTime() + CONFIRMATION_TTL_MS);
  const { id } = await trx
    .insertInto('ballot_votes')
    .values({
      ballot_id: ballotId,
      voter: vote.voter,
      email: vote.email,
      partner: vote.partner,
      locale: vote.locale,
      consent_at: now,
      notice_version: loaded.noticeVersion,
      consent_origin: context.origin,
      expires_at: expiresAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await trx
    .insertInto('ballot_selections')
    .values(
      vote.selections.map((selection) => ({
        vote_id: id,
        ballot_id: ballotId,
        category_id: selection.categoryId,
        finalist_id: selection.finalistId,
        voter: vote.voter,
        partner: vote.partner,
        status: 'pending' as const,
        seq: null,
      })),
    )
    .execute();
  const token = randomBytes(32).toString('base64url');
  await trx
    .insertInto('ballot_tokens')
    .values({ token_hash: sha256(token), vote_id: id, expires_at: expiresAt })
    .execute();
  const language = languageOf(vote.locale);
  const mail = confirmationMail(language, pickText(loaded.ballot.title, language), context.confirmUrl(token));
  await enqueueMail(trx, { to: vote.email, ...mail });
  return { id, status: 'pending_confirmation', expiresAt: expiresAt.toISOString() };
}

export interface TokenVote {
  voteId: string;
  locale: string;
  result: ConfirmationResult | null;
  expired: boolean;
}

/** The vote a token confirms (whatever its state), or undefined. */
export async function findTokenVote(db: Db, ballotId: string, token: string, now = new Date()) {
  const row = await db
    .selectFrom('ballot_tokens')
    .innerJoin('ballot_votes', 'ballot_votes.id', 'ballot_tokens.vote_id')
    .select(['ballot_votes.id', 'ballot_votes.locale', 'ballot_votes.result', 'ballot_tokens.expires_at'])
    .where('ballot_tokens.token_hash', '=', sha256(token))
    .where('ballot_votes.ballot_id', '=', ballotId)
    .executeTakeFirst();
  if (!row) return undefined;
  return { voteId: row.id, locale: row.locale, result: row.result, expired: row.expires_at <= now };
}

/**
 * Confirms the vote of `token`: counts each selection whose category this voter has no counted vote in yet, and
 * appends one ledger line per counted selection, in one transaction. The ballot's row lock makes the confirmation
 * the ledger's single writer (no two lines share a `prev`). A second confirmation answers the first result.
 */
export async function confirmVote(
  db: Db,
  ballotId: string,
  token: string,
  now = new Date(),
): Promise<{ result: ConfirmationResult; locale: string; counted: number }> {
  return db.transaction().execute(async (trx) => {
    const found = await trx
      .selectFrom('ballot_tokens')
      .innerJoin('ballot_votes', 'ballot_votes.id', 'ballot_tokens.vote_id')
      .select([
        'ballot_tokens.expires_at',
        'ballot_tokens.used_at',
        'ballot_votes.id as vote_id',
        'ballot_votes.locale',
        'ballot_votes.result',
        'ballot_votes.voter',
      ])
      .where('ballot_tokens.token_hash', '=', sha256(token))
      .where('ballot_votes.ballot_id', '=', ballotId)
      .forUpdate()
      .executeTakeFirst();
    if (!found) throw new ProblemError(404, 'token_not_found', 'This confirmation link is not valid.');
    if (found.used_at && found.result) return { result: found.result, locale: found.locale, counted: 0 };
    if (found.expires_at <= now) throw new ProblemError(410, 'token_expired', 'This confirmation link has expired.');

    const ballot = await trx
      .selectFrom('ballots')
      .select(['opens_at', 'closes_at', 'published_at', 'ledger_seq', 'ledger_head'])
      .where('id', '=', ballotId)
      .forUpdate()
      .executeTakeFirstOrThrow();
    const status = ballotStatus(
      {
        opensAt: ballot.opens_at.toISOString(),
        closesAt: ballot.closes_at.toISOString(),
        publishedAt: ballot.published_at,
      },
      now.getTime(),
    );
    if (status !== 'open') throw ballotNotOpen();

    const selections = await trx
      .selectFrom('ballot_selections')
      .innerJoin('ballot_categories', (join) =>
        join
          .onRef('ballot_categories.ballot_id', '=', 'ballot_selections.ballot_id')
          .onRef('ballot_categories.id', '=', 'ballot_selections.category_id'),
      )
      .select(['ballot_selections.category_id', 'ballot_selections.finalist_id', 'ballot_selections.partner'])
      .where('ballot_selections.vote_id', '=', found.vote_id)
      .orderBy('ballot_categories.position')
      .execute();
    const alreadyCounted = new Set(
      (
        await trx
          .selectFrom('ballot_selections')
          .select('category_id')
          .where('ballot_id', '=', ballotId)
          .where('voter', '=', found.voter)
          .where('status', '=', 'counted')
          .execute()
      ).map((row) => row.category_id),
    );

    let seq = ballot.ledger_seq;
    let head = ballot.ledger_head;
    const at = now.toISOString();
    const answered: ConfirmationResult['selections'] = [];
    for (const selection of selections) {
      const categoryId = selection.category_id;
      const finalistId = selection.finalist_id;
      if (alreadyCounted.has(categoryId)) {
        answered.push({ categoryId, finalistId, status: 'already_counted' });
        await setStatus(trx, found.vote_id, categoryId, 'already_counted', null);
        continue;
      }
      seq += 1;
      const line = { seq, at, categoryId, finalistId, partner: selection.partner, voter: found.voter };
      const hash = lineHash(head, line);
      await trx
        .insertInto('ballot_ledger')
        .values({
          ballot_id: ballotId,
          seq,
          at: now,
          category_id: categoryId,
          finalist_id: finalistId,
          partner: selection.partner,
          voter: found.voter,
          prev: head,
          hash,
        })
        .execute();
      // The partial unique index refuses a second counted vote of this voter in this category, whatever happens above.
      await setStatus(trx, found.vote_id, categoryId, 'counted', seq);
      head = hash;
      answered.push({ categoryId, finalistId, status: 'counted', receipt: receiptOf(hash) });
    }
    const counted = seq - ballot.ledger_seq;
    await trx
      .updateTable('ballots')
      .set({
        ledger_seq: seq,
        ledger_head: head,
        votes_cast: sql<number>`votes_cast + ${counted}`,
        ...(counted > 0 ? { updated_at: now } : {}),
      })
      .where('id', '=', ballotId)
      .execute();
    const result: ConfirmationResult = { status: 'counted', selections: answered };
    await trx.updateTable('ballot_tokens').set({ used_at: now }).where('token_hash', '=', sha256(token)).execute();
    // The email was only needed to reach the voter: it goes now.
    await trx
      .updateTable('ballot_votes')
      .set({ confirmed_at: now, email: null, result: JSON.stringify(result) })
      .where('id', '=', found.vote_id)
      .execute();
    return { result, locale: found.locale, counted };
  });
}

function setStatus(
  trx: Db,
  voteId: string,
  categoryId: string,
  status: 'counted' | 'already_counted',
  seq: number | null,
) {
  return trx
    .updateTable('ballot_selections')
    .set({ status, seq })
    .where('vote_id', '=', voteId)
    .where('category_id', '=', categoryId)
    .execute();
}

/**
 * Erases the emails of votes whose link expired unconfirmed, and the addresses of mails given up; deletes mails sent
 * or given up more than `keepDays` ago (the dev mailbox's too).
 */
export async function eraseBallotEmails(db: Db, keepDays = 7): Promise<{ votes: number; mails: number }> {
  const votes = await db
    .updateTable('ballot_votes')
    .set({ email: null })
    .where('email', 'is not', null)
    .where('expires_at', '<=', sql<Date>`now()`)
    .executeTakeFirst();
  const mails = await db
    .deleteFrom('mail_outbox')
    .where((eb) =>
      eb.or([
        eb('sent_at', '<', sql<Date>`now() - make_interval(days => ${keepDays})`),
        eb('failed_at', '<', sql<Date>`now() - make_interval(days => ${keepDays})`),
      ]),
    )
    .executeTakeFirst();
  return { votes: Number(votes.numUpdatedRows), mails: Number(mails.numDeletedRows) };
}
