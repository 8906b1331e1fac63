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

// Formatters only some widgets need live beside this file (money.ts, dates.ts), so that each lands in the chunk of
// the widget that uses it.
// Creating an Intl formatter costs far more than formatting with it, and a widget formats dozens of amounts and
// dates per render (a chart's table has a row per day): each formatter is made once per locale and options.
const formatters = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();

function cached<T extends Intl.NumberFormat | Intl.DateTimeFormat>(key: string, create: () => T): T {
  let formatter = formatters.get(key) as T | undefined;
  if (!formatter) formatters.set(key, (formatter = create()));
  return formatter;
}

export const numberFormat = (locale: string, options: Intl.NumberFormatOptions) =>
  cached(`number ${locale} ${JSON.stringify(options)}`, () => new Intl.NumberFormat(locale, options));

export const dateFormat = (locale: string, options: Intl.DateTimeFormatOptions) =>
  cached(`date ${locale} ${JSON.stringify(options)}`, () => new Intl.DateTimeFormat(locale, options));

export function formatNumber(lang: Lang, value: number): string {
  return numberFormat(intlLocale(lang), {}).format(value);
}

export function formatDate(lang: Lang, date: Date, options: Intl.DateTimeFormatOptions = { dateStyle: 'medium' }) {
  return dateFormat(intlLocale(lang), options).format(date);
}
