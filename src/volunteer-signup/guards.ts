import type {
  Opportunity,
  PrivacyNotice,
  Question,
  Shift,
  SignupResult,
} from '../../server/src/schemas/opportunities.js';
import {
  isArrayOf,
  isBoolean,
  isCount,
  isLocalizedText,
  isObject,
  isOptional,
  isString,
  isTimestamp,
} from '../core/api/guards.js';

// Checks of the opportunity and signup answers this widget relies on (see core/api/guards.ts).

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
