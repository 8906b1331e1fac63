import type { Lang } from './i18n.js';
import { dateFormat, intlLocale } from './format.js';

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
