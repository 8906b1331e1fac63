import type { Campaign, CampaignHistory, InKindItem, Milestone } from '../../server/src/schemas/campaigns.js';
import {
  isArrayOf,
  isCount,
  isLocalizedText,
  isObject,
  isOptional,
  isString,
  isTimestamp,
} from '../core/api/guards.js';

// Checks of the campaign answers this widget relies on (see core/api/guards.ts).

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
