import type { Lang } from './i18n.js';
import { intlLocale, numberFormat } from './format.js';

/** Number of minor units in one major unit of `currency` (100 for MAD, 1 for JPY). */
export function minorUnitsPerMajor(currency: string): number {
  return 10 ** (numberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2);
}

/** How money is written: whole amounts show no decimals. Also given to code that formats in a worker. */
export const moneyOptions = (currency: string): Intl.NumberFormatOptions => ({
  style: 'currency',
  currency,
  trailingZeroDisplay: 'stripIfInteger',
});

/** Money from an integer of minor units (centimes). */
export function formatMoney(lang: Lang, minor: number, currency: string): string {
  return numberFormat(intlLocale(lang), moneyOptions(currency)).format(minor / minorUnitsPerMajor(currency));
}

/** `ratio` 0.082 → "8 %". */
export function formatPercent(lang: Lang, ratio: number): string {
  return numberFormat(intlLocale(lang), { style: 'percent', maximumFractionDigits: 0 }).format(ratio);
}

/**
 * Whole percent of `whole` that `part` reaches, rounded down: 99.6 % is 99, so 100 shows only once reached.
 * Integer arithmetic first: `0.29 * 100` is 28.999…, which would floor to 28.
 */
export function percentReached(part: number, whole: number): number {
  if (whole <= 0) return part > 0 ? 100 : 0;
  const percent = Math.floor((part * 100) / whole);
  return part < whole ? Math.min(percent, 99) : percent;
}
