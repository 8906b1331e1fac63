import type { FastifyInstance } from 'fastify';
import type { TSchema } from 'typebox';
import {
  AdminBallot,
  AdminBallotResults,
  Ballot,
  BallotResults,
  ConfirmationResult,
  VoteAccepted,
} from '../schemas/ballots.js';
import { Campaign, CampaignHistory } from '../schemas/campaigns.js';
import { LocalizedText, Problem } from '../schemas/common.js';
import { Challenge, Opportunity, SignupResult } from '../schemas/opportunities.js';

// Schemas with an `$id` are registered once and referenced everywhere else: Ajv and
// fast-json-stringify refuse one `$id` met at several places, and the OpenAPI document
// gets named components instead of copies.
const SHARED: TSchema[] = [
  LocalizedText,
  Problem,
  Campaign,
  CampaignHistory,
  Opportunity,
  SignupResult,
  Challenge,
  Ballot,
  AdminBallot,
  VoteAccepted,
  ConfirmationResult,
  BallotResults,
  AdminBallotResults,
];
const SHARED_IDS = new Set(SHARED.map((schema) => (schema as { $id?: string }).$id));

function replaceShared(node: unknown, isRoot: boolean): unknown {
  if (Array.isArray(node)) return node.map((child) => replaceShared(child, false));
  if (node === null || typeof node !== 'object') return node;
  const record = node as Record<string, unknown>;
  if (!isRoot && typeof record.$id === 'string' && SHARED_IDS.has(record.$id)) return { $ref: `${record.$id}#` };
  return Object.fromEntries(Object.entries(record).map(([key, value]) => [key, replaceShared(value, false)]));
}

/** The same schema with shared parts (or the whole, if it is shared) as `$ref`s. Static type unchanged. */
export function withSharedRefs<T extends TSchema>(schema: T): T {
  return replaceShared(schema, false) as T;
}

export function registerSharedSchemas(app: FastifyInstance): void {
  for (const schema of SHARED) app.addSchema(replaceShared(schema, true));
}
