import type { Challenge, LocalizedText } from '../../../server/src/schemas/common.js';

/**
 * Small hand-written checks of what the server sent, typed against the API
 * schemas so the contract keeps one source and browsers ship no validator.
 * They check what the widgets rely on and ignore fields they do not know.
 * Each widget folder has its own guards (`guards.ts`), built from these.
 */
export type Guard<T> = (value: unknown) => value is T;

export type Shape = Record<string, unknown>;

export const isObject = (value: unknown): value is Shape =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export const isCount = (value: unknown): value is number =>
  typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;

export const isString = (value: unknown): value is string => typeof value === 'string';

export const isOptional = (value: unknown, guard: (value: unknown) => boolean): boolean =>
  value === undefined || guard(value);

export const isArrayOf = <T>(value: unknown, guard: (value: unknown) => value is T): value is T[] =>
  Array.isArray(value) && value.every((entry) => guard(entry));

export const isTimestamp = (value: unknown): value is string => isString(value) && !Number.isNaN(Date.parse(value));

export const isLocalizedText = (value: unknown): value is LocalizedText =>
  isString(value) || (isObject(value) && Object.values(value).every(isString));

export const isBoolean = (value: unknown): value is boolean => typeof value === 'boolean';

/** An ALTCHA (v2) challenge: what the proof-of-work solver needs. */
export const isChallenge = (value: unknown): value is Challenge =>
  isObject(value) &&
  isObject(value.parameters) &&
  isString(value.parameters.algorithm) &&
  isString(value.parameters.nonce) &&
  isString(value.parameters.salt) &&
  isOptional(value.signature, isString);
