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

// Creating an Intl formatter costs far more than formatting with it, and a widget formats dozens of amounts and
// dates per render (a chart's table has a row per day): each formatter is made once per locale and options.
const formatters = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();

function cached<T extends Intl.NumberFormat | Intl.DateTimeFormat>(key: string, create: () => T): T {
  let formatter = formatters.get(key) as T | undefined;
  if (!formatter) formatters.set(key, (formatter = create()));
  return formatter;
}

const numberFormat = (locale: string, options: Intl.NumberFormatOptions) =>
  cached(`number ${locale} ${JSON.stringify(options)}`, () => new Intl.NumberFormat(locale, options));

const dateFormat = (locale: string, options: Intl.DateTimeFormatOptions) =>
  cached(`date ${locale} ${JSON.stringify(options)}`, () => new Intl.DateTimeFormat(locale, options));

export function formatNumber(lang: Lang, value: number): string {
  return numberFormat(intlLocale(lang), {}).format(value);
}

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

export function formatDate(lang: Lang, date: Date, options: Intl.DateTimeFormatOptions = { dateStyle: 'medium' }) {
  return dateFormat(intlLocale(lang), options).format(date);
}

/** Morocco's civil time: campaign days ("ends today") and history buckets are counted in it. */
export const moroccoTimeZone = 'Africa/Casablanca';

/** Calendar days from `from` to `to` as a wall calendar in `timeZone` counts them: 0 the same day, 1 the next. */
export function calendarDaysBetween(from: Date, to: Date, timeZone = moroccoTimeZone): number {
  const calendar = dateFormat('en', { timeZone, year: 'numeric', month: 'numeric', day: 'numeric' });
  const dayNumber = (date: Date) => {
    const parts = Object.fromEntries(calendar.formatToParts(date).map(({ type, value }) => [type, Number(value)]));
    return Date.UTC(parts.year, parts.month - 1, parts.day) / 86_400_000;
  };
  return dayNumber(to) - dayNumber(from);
}

/** "in 3 days", "tomorrow". */
export function formatRelativeDays(lang: Lang, days: number): string {
  return new Intl.RelativeTimeFormat(intlLocale(lang), { numeric: 'auto' }).format(days, 'day');
}

/** "samedi 5 décembre, 09:00 – 13:00" (or the range across days) in the visitor's language, in `timeZone`. */
export function formatDateTimeRange(lang: Lang, start: Date, end: Date, timeZone?: string): string {
  const options: Intl.DateTimeFormatOptions = { weekday: 'long', day: 'numeric', month: 'long', timeZone };
  return dateFormat(intlLocale(lang), { ...options, hour: 'numeric', minute: '2-digit' }).formatRange(start, end);
}
