import type { Lang } from './i18n.js';

/**
 * The Intl locale used for numbers and dates. Moroccan sites write Arabic with
 * Western digits, so `ar` formats as `ar-MA` with Latin numerals. French uses
 * `fr` ("12 300 MAD", what Moroccan French sites print) rather than CLDR's
 * `fr-MA` ("12.300 MAD"). Browsers that lack Tamazight data would fall back to
 * their own default locale, so `zgh` falls back to French formatting explicitly.
 */
export function intlLocale(lang: Lang): string {
  switch (lang) {
    case 'ar':
      return 'ar-MA-u-nu-latn';
    case 'zgh':
      return Intl.NumberFormat.supportedLocalesOf('zgh').length ? 'zgh-u-nu-latn' : 'fr';
    default:
      return lang;
  }
}

const numberFormat = (locale: string, options: Intl.NumberFormatOptions) => new Intl.NumberFormat(locale, options);

export function formatNumber(lang: Lang, value: number): string {
  return numberFormat(intlLocale(lang), {}).format(value);
}

/** Number of minor units in one major unit of `currency` (100 for MAD, 1 for JPY). */
export function minorUnitsPerMajor(currency: string): number {
  return 10 ** (numberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2);
}

/** Money from an integer of minor units (centimes). Whole amounts show no decimals. */
export function formatMoney(lang: Lang, minor: number, currency: string): string {
  return numberFormat(intlLocale(lang), {
    style: 'currency',
    currency,
    trailingZeroDisplay: 'stripIfInteger',
  }).format(minor / minorUnitsPerMajor(currency));
}

/** `ratio` 0.082 → "8 %". */
export function formatPercent(lang: Lang, ratio: number): string {
  return numberFormat(intlLocale(lang), { style: 'percent', maximumFractionDigits: 0 }).format(ratio);
}

export function formatDate(lang: Lang, date: Date, options: Intl.DateTimeFormatOptions = { dateStyle: 'medium' }) {
  return new Intl.DateTimeFormat(intlLocale(lang), options).format(date);
}

/** "in 3 days", "tomorrow". */
export function formatRelativeDays(lang: Lang, days: number): string {
  return new Intl.RelativeTimeFormat(intlLocale(lang), { numeric: 'auto' }).format(days, 'day');
}

/** "samedi 5 décembre, 09:00 – 13:00" (or the range across days) in the visitor's language, in `timeZone`. */
export function formatDateTimeRange(lang: Lang, start: Date, end: Date, timeZone?: string): string {
  const options: Intl.DateTimeFormatOptions = { weekday: 'long', day: 'numeric', month: 'long', timeZone };
  return new Intl.DateTimeFormat(intlLocale(lang), { ...options, hour: 'numeric', minute: '2-digit' }).formatRange(
    start,
    end,
  );
}
