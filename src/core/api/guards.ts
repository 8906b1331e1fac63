import type { LocalizedText } from '../../../server/src/schemas/common.js';
import type { Campaign, CampaignHistory, InKindItem, Milestone } from '../../../server/src/schemas/campaigns.js';
import type {
  Challenge,
  Opportunity,
  PrivacyNotice,
  Question,
  Shift,
  SignupResult,
} from '../../../server/src/schemas/opportunities.js';

/**
 * Small hand-written checks of what the server sent, typed against the API
 * schemas so the contract keeps one source and browsers ship no validator.
 * They check what the widgets rely on and ignore fields they do not know.
 */
export type Guard<T> = (value: unknown) => value is T;

type Shape = Record<string, unknown>;

export const isObject = (value: unknown): value is Shape =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export const isCount = (value: unknown): value is number =>
  typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;

const isString = (value: unknown): value is string => typeof value === 'string';

const isOptional = (value: unknown, guard: (value: unknown) => boolean): boolean => value === undefined || guard(value);

const isArrayOf = <T>(value: unknown, guard: (value: unknown) => value is T): value is T[] =>
  Array.isArray(value) && value.every((entry) => guard(entry));

const isTimestamp = (value: unknown): value is string => isString(value) && !Number.isNaN(Date.parse(value));

export const isLocalizedText = (value: unknown): value is LocalizedText =>
  isString(value) || (isObject(value) && Object.values(value).every(isString));

const isMilestone = (value: unknown): value is Milestone =>
  isObject(value) && isCount(value.amount) && isLocalizedText(value.label);

const isInKindItem = (value: unknown): value is InKindItem =>
  isObject(value) &&
  isString(value.id) &&
  isLocalizedText(value.label) &&
  isOptional(value.unit, isLocalizedText) &&
  isCount(value.needed) &&
  isCount(value.received);

const campaignStatuses: readonly unknown[] = ['upcoming', 'active', 'ended'];

export const isCampaign = (value: unknown): value is Campaign =>
  isObject(value) &&
  isString(value.id) &&
  isLocalizedText(value.title) &&
  isObject(value.association) &&
  isString(value.association.id) &&
  isLocalizedText(value.association.name) &&
  isOptional(value.association.city, isLocalizedText) &&
  isString(value.currency) &&
  /^[A-Z]{3}$/.test(value.currency) &&
  isCount(value.goal) &&
  isCount(value.raised) &&
  isCount(value.donors) &&
  campaignStatuses.includes(value.status) &&
  isOptional(value.startsAt, isTimestamp) &&
  isOptional(value.endsAt, isTimestamp) &&
  isOptional(value.donateUrl, isString) &&
  isTimestamp(value.updatedAt) &&
  isOptional(value.milestones, (entries) => isArrayOf(entries, isMilestone)) &&
  isOptional(value.items, (entries) => isArrayOf(entries, isInKindItem));

const isHistoryPoint = (value: unknown): value is CampaignHistory['points'][number] =>
  isObject(value) && isTimestamp(value.at) && isCount(value.raised);

export const isCampaignHistory = (value: unknown): value is CampaignHistory =>
  isObject(value) && isString(value.currency) && isArrayOf(value.points, isHistoryPoint);

const isBoolean = (value: unknown): value is boolean => typeof value === 'boolean';

const isShift = (value: unknown): value is Shift =>
  isObject(value) &&
  isString(value.id) &&
  isTimestamp(value.startsAt) &&
  isTimestamp(value.endsAt) &&
  isCount(value.capacity) &&
  isCount(value.remaining) &&
  isBoolean(value.waitlist) &&
  isOptional(value.place, isLocalizedText);

const questionTypes: readonly unknown[] = ['text', 'select', 'multi', 'checkbox'];

const isQuestionOption = (value: unknown): value is NonNullable<Question['options']>[number] =>
  isObject(value) && isString(value.id) && isLocalizedText(value.label);

const isQuestion = (value: unknown): value is Question =>
  isObject(value) &&
  isString(value.id) &&
  isLocalizedText(value.label) &&
  questionTypes.includes(value.type) &&
  isBoolean(value.required) &&
  isOptional(value.options, (options) => isArrayOf(options, isQuestionOption));

const isPrivacyNotice = (value: unknown): value is PrivacyNotice =>
  isObject(value) &&
  isString(value.controller) &&
  isString(value.contact) &&
  isLocalizedText(value.purpose) &&
  isCount(value.retentionMonths) &&
  isOptional(value.noticeUrl, isString) &&
  isOptional(value.cndpReceipt, isString);

const opportunityStatuses: readonly unknown[] = ['open', 'closed'];
const spamProtections: readonly unknown[] = ['none', 'pow'];

export const isOpportunity = (value: unknown): value is Opportunity =>
  isObject(value) &&
  isString(value.id) &&
  isLocalizedText(value.title) &&
  isOptional(value.description, isLocalizedText) &&
  isObject(value.association) &&
  isString(value.association.id) &&
  isLocalizedText(value.association.name) &&
  opportunityStatuses.includes(value.status) &&
  isObject(value.location) &&
  isLocalizedText(value.location.city) &&
  isOptional(value.location.address, isLocalizedText) &&
  isArrayOf(value.shifts, isShift) &&
  isOptional(value.questions, (questions) => isArrayOf(questions, isQuestion)) &&
  spamProtections.includes(value.spamProtection) &&
  isPrivacyNotice(value.privacy);

const signupStatuses: readonly unknown[] = ['confirmed', 'waitlisted'];

export const isSignupResult = (value: unknown): value is SignupResult =>
  isObject(value) &&
  isString(value.id) &&
  signupStatuses.includes(value.status) &&
  isArrayOf(
    value.shifts,
    (shift): shift is SignupResult['shifts'][number] =>
      isObject(shift) && isString(shift.id) && signupStatuses.includes(shift.status),
  );

/** An ALTCHA (v2) challenge: what the proof-of-work solver needs. */
export const isChallenge = (value: unknown): value is Challenge =>
  isObject(value) &&
  isObject(value.parameters) &&
  isString(value.parameters.algorithm) &&
  isString(value.parameters.nonce) &&
  isString(value.parameters.salt) &&
  isOptional(value.signature, isString);
