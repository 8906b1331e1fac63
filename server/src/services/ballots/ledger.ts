import { createHash } from 'node:crypto';
import type { LedgerLine } from '../../schemas/ballots.js';
import { canonicalJson } from '../idempotency.js';

/** `prev` of a ledger's first line. */
export const GENESIS = '0'.repeat(64);

export type UnhashedLine = Omit<LedgerLine, 'prev' | 'hash'>;

/** `sha256(prev + canonical JSON of the other fields)` (shared/API.md): the fields other than `prev` and `hash`. */
export function lineHash(prev: string, line: UnhashedLine): string {
  const { seq, at, categoryId, finalistId, partner, voter } = line;
  return createHash('sha256')
    .update(prev + canonicalJson({ seq, at, categoryId, finalistId, partner, voter }))
    .digest('hex');
}

/** What a voter is given for a counted selection: the start of its ledger line's hash. */
export const receiptOf = (hash: string) => hash.slice(0, 12);

export type Totals = Record<string, Record<string, number>>;

export type Verification =
  { ok: true; lines: number; head: string; totals: Totals } | { ok: false; line: number; reason: string };

/**
 * Recomputes a ledger export (JSON lines, in order): every line's hash from its fields and the previous line's hash,
 * `seq` counting up from 1. Answers the head hash and the totals per category and finalist, or the first line (1-based,
 * as in the file) that does not hold.
 */
export function verifyLedger(text: string): Verification {
  const rows = text.split('\n').filter((row) => row.trim() !== '');
  let prev = GENESIS;
  const totals: Totals = {};
  for (const [index, row] of rows.entries()) {
    const number = index + 1;
    let line: LedgerLine;
    try {
      line = JSON.parse(row) as LedgerLine;
    } catch {
      return { ok: false, line: number, reason: 'not JSON' };
    }
    if (typeof line !== 'object' || line === null) return { ok: false, line: number, reason: 'not a ledger line' };
    if (line.seq !== number) return { ok: false, line: number, reason: `seq ${String(line.seq)}, expected ${number}` };
    if (line.prev !== prev) return { ok: false, line: number, reason: 'prev is not the previous line’s hash' };
    if (lineHash(prev, line) !== line.hash) return { ok: false, line: number, reason: 'hash does not match the line' };
    const category = (totals[line.categoryId] ??= {});
    category[line.finalistId] = (category[line.finalistId] ?? 0) + 1;
    prev = line.hash;
  }
  return { ok: true, lines: rows.length, head: prev, totals };
}
