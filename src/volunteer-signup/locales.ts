import type { LocaleLoaders } from '../core/i18n/i18n.js';

// The widget's strings live in their own files (one chunk per language), so pages with other widgets do not
// download them. One explicit import() per language, so bundlers split each into its own chunk.
export const volunteerSignupLocales: LocaleLoaders = {
  ar: () => import('../locales/volunteer-signup-ar.json'),
  fr: () => import('../locales/volunteer-signup-fr.json'),
  en: () => import('../locales/volunteer-signup-en.json'),
  zgh: () => import('../locales/volunteer-signup-zgh.json'),
};
