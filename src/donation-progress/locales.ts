import type { LocaleLoaders } from '../core/i18n/i18n.js';

// The widget's strings live in their own files (one chunk per language), so pages with other widgets do not
// download them. One explicit import() per language, so bundlers split each into its own chunk.
export const donationProgressLocales: LocaleLoaders = {
  ar: () => import('../locales/donation-progress-ar.json'),
  fr: () => import('../locales/donation-progress-fr.json'),
  en: () => import('../locales/donation-progress-en.json'),
  zgh: () => import('../locales/donation-progress-zgh.json'),
};
