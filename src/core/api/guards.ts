import type { LocalizedText } from '../../../server/src/schemas/common.js';
import type { Campaign, CampaignHistory, InKindItem, Milestone } from '../../../server/src/schemas/campaigns.js';

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
  isOptional(value.association.city, isString) &&
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
