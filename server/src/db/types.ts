import type { ColumnType, Generated } from 'kysely';
import type { LocalizedText } from '../schemas/common.js';
import type { Milestone } from '../schemas/campaigns.js';
import type { PrivacyNotice, Question, SignupAnswer } from '../schemas/opportunities.js';
import type { ConfirmationResult, Finalist } from '../schemas/ballots.js';

/** JSONB columns are written as JSON text (pg would turn JS arrays into SQL arrays) and read back parsed. */
type Json<T> = ColumnType<T, string, string>;
/** int8 comes back as a string from pg and as a bigint or number from PGlite; always read it through Number(). */
type Int8 = ColumnType<string | number | bigint, number, number>;
type CreatedAt = ColumnType<Date, Date | undefined, never>;

export interface AssociationsTable {
  id: string;
  name: Json<LocalizedText>;
  city: Json<LocalizedText> | null;
  created_at: CreatedAt;
}

export interface CampaignsTable {
  id: string;
  association_id: string;
  title: Json<LocalizedText>;
  currency: string;
  goal_minor: Int8;
  /** Counters kept in the same transaction as the donation row, so reads stay O(1) and exact. */
  raised_minor: ColumnType<string | number | bigint, number | undefined, number>;
  donor_count: ColumnType<number, number | undefined, number>;
  starts_at: Date | null;
  ends_at: Date | null;
  donate_url: string | null;
  milestones: Json<Milestone[] | null> | null;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}

export interface CampaignItemsTable {
  campaign_id: string;
  id: string;
  position: number;
  label: Json<LocalizedText>;
  unit: Json<LocalizedText | null> | null;
  needed: number;
  received: ColumnType<number, number | undefined, number>;
}

export interface DonationsTable {
  id: Generated<string>;
  campaign_id: string;
  amount_minor: Int8;
  currency: string;
  source: string;
  donor_name: string | null;
  anonymous: boolean;
  created_at: CreatedAt;
}

export interface ItemReceiptsTable {
  id: Generated<string>;
  campaign_id: string;
  item_id: string;
  quantity: number;
  created_at: CreatedAt;
}

export interface OpportunitiesTable {
  id: string;
  association_id: string;
  title: Json<LocalizedText>;
  description: Json<LocalizedText | null> | null;
  status: 'open' | 'closed';
  location: Json<{ city: LocalizedText; address?: LocalizedText; lat?: number; lng?: number }>;
  questions: Json<Question[] | null> | null;
  spam_protection: 'none' | 'pow';
  privacy: Json<PrivacyNotice>;
  notice_version: string;
  allowed_origins: Json<string[]>;
  created_at: CreatedAt;
}

export interface ShiftsTable {
  opportunity_id: string;
  id: string;
  position: number;
  starts_at: Date;
  ends_at: Date;
  capacity: number;
  /** Kept in the same transaction as the signup rows; `confirmed <= capacity` is a CHECK constraint. */
  confirmed: ColumnType<number, number | undefined, number>;
  waitlist: boolean;
  /** Closed by the organiser: takes no signup, whatever its places. */
  closed: ColumnType<boolean, boolean | undefined, boolean>;
  waitlist_seq: ColumnType<string | number | bigint, number | undefined, number>;
  place: Json<LocalizedText | null> | null;
}

export interface SignupsTable {
  id: Generated<string>;
  opportunity_id: string;
  status: 'confirmed' | 'waitlisted';
  name: string | null;
  email: string | null;
  phone: string | null;
  city: string | null;
  skills: Json<string[] | null> | null;
  answers: Json<Record<string, SignupAnswer> | null> | null;
  news_opt_in: boolean;
  consent_at: Date;
  notice_version: string;
  consent_origin: string;
  locale: string;
  created_at: CreatedAt;
  purged_at: Date | null;
}

export interface SignupShiftsTable {
  signup_id: string;
  opportunity_id: string;
  shift_id: string;
  status: 'confirmed' | 'waitlisted';
  waitlist_number: ColumnType<string | number | bigint | null, number | null, number | null>;
  email: string | null;
  phone: string | null;
}

export interface IdempotencyKeysTable {
  scope: string;
  key: string;
  request_hash: string;
  status_code: number;
  response: Json<unknown>;
  created_at: CreatedAt;
  expires_at: Date;
}

export interface UsedChallengesTable {
  signature: string;
  expires_at: Date;
}

export interface BallotsTable {
  id: string;
  title: Json<LocalizedText>;
  description: Json<LocalizedText | null> | null;
  organiser: Json<{ id: string; name: LocalizedText; url?: string }>;
  organiser_origins: Json<string[]>;
  opens_at: Date;
  closes_at: Date;
  privacy: Json<PrivacyNotice>;
  notice_version: string;
  voter_secret: string;
  published_at: Date | null;
  votes_cast: ColumnType<number, number | undefined, number>;
  ledger_seq: ColumnType<number, number | undefined, number>;
  ledger_head: string;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}

export interface BallotCategoriesTable {
  ballot_id: string;
  id: string;
  position: number;
  title: Json<LocalizedText>;
  description: Json<LocalizedText | null> | null;
}

export interface BallotFinalistsTable {
  ballot_id: string;
  category_id: string;
  id: string;
  position: number;
  texts: Json<Omit<Finalist, 'id'>>;
}

export interface BallotPartnersTable {
  ballot_id: string;
  id: string;
  position: number;
  name: Json<LocalizedText>;
  origins: Json<string[]>;
}

export interface BallotVotesTable {
  id: Generated<string>;
  ballot_id: string;
  voter: string;
  email: string | null;
  partner: string | null;
  locale: string;
  consent_at: Date;
  notice_version: string;
  consent_origin: string;
  expires_at: Date;
  confirmed_at: Date | null;
  result: Json<ConfirmationResult | null> | null;
  created_at: CreatedAt;
}

export interface BallotTokensTable {
  token_hash: string;
  vote_id: string;
  expires_at: Date;
  used_at: Date | null;
}

export type SelectionStatus = 'pending' | 'counted' | 'already_counted';

export interface BallotSelectionsTable {
  vote_id: string;
  ballot_id: string;
  category_id: string;
  finalist_id: string;
  voter: string;
  partner: string | null;
  status: SelectionStatus;
  seq: number | null;
}

export interface BallotLedgerTable {
  ballot_id: string;
  seq: number;
  at: Date;
  category_id: string;
  finalist_id: string;
  partner: string | null;
  voter: string;
  prev: string;
  hash: string;
}

export interface BallotOfflineTalliesTable {
  id: Generated<string>;
  ballot_id: string;
  source: string;
  category_id: string;
  finalist_id: string;
  votes: number;
  created_at: CreatedAt;
}

export interface MailOutboxTable {
  id: Generated<string>;
  to_address: string | null;
  subject: string;
  body: string | null;
  created_at: CreatedAt;
  attempts: ColumnType<number, number | undefined, number>;
  next_attempt_at: ColumnType<Date, Date | undefined, Date>;
  locked_until: Date | null;
  sent_at: Date | null;
  failed_at: Date | null;
  last_error: string | null;
}

export interface Database {
  associations: AssociationsTable;
  campaigns: CampaignsTable;
  campaign_items: CampaignItemsTable;
  donations: DonationsTable;
  item_receipts: ItemReceiptsTable;
  opportunities: OpportunitiesTable;
  shifts: ShiftsTable;
  signups: SignupsTable;
  signup_shifts: SignupShiftsTable;
  idempotency_keys: IdempotencyKeysTable;
  used_challenges: UsedChallengesTable;
  ballots: BallotsTable;
  ballot_categories: BallotCategoriesTable;
  ballot_finalists: BallotFinalistsTable;
  ballot_partners: BallotPartnersTable;
  ballot_votes: BallotVotesTable;
  ballot_tokens: BallotTokensTable;
  ballot_selections: BallotSelectionsTable;
  ballot_ledger: BallotLedgerTable;
  ballot_offline_tallies: BallotOfflineTalliesTable;
  mail_outbox: MailOutboxTable;
}
