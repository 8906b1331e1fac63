import { createInstance, type i18n } from 'i18next';
import type { LocalizedText } from '../../../server/src/schemas/common.js';

export const supportedLangs = ['ar', 'fr', 'en', 'zgh'] as const;
export type Lang = (typeof supportedLangs)[number];
export const defaultLang: Lang = 'fr';

type Bundle = Record<string, Record<string, unknown>>;

/**
 * One loader per language, each an explicit `import()` of a JSON file shaped `{ namespace: strings }`.
 * Each widget keeps its strings in its own files, so a page downloads only the strings of the widgets it shows.
 */
export type LocaleLoaders = Record<Lang, () => Promise<{ default: Bundle }>>;

// One explicit import() per locale (not a template) so every bundler splits them
// into their own chunk and a page only downloads the languages its widgets use.
const localeLoaders: LocaleLoaders = {
  ar: () => import('../../locales/ar.json'),
  fr: () => import('../../locales/fr.json'),
  en: () => import('../../locales/en.json'),
  zgh: () => import('../../locales/zgh.json'),
};

let instance: i18n | undefined;

/**
 * The library's own i18next instance, created on first use (importing core has
 * no side effects). The host page's global i18next, if any, is never touched.
 */
export function getI18n(): i18n {
  if (!instance) {
    instance = createInstance();
    void instance.init({
      initAsync: false,
      fallbackLng: false,
      supportedLngs: [...supportedLangs],
      resources: {},
      partialBundledLanguages: true,
      // Lit escapes every binding; i18next's HTML escaping would show `&amp;` as text.
      interpolation: { escapeValue: false },
    });
  }
  return instance;
}

const pending = new Map<() => Promise<unknown>, Promise<void>>();

/**
 * Loads a locale's strings once (the shared `core` file, plus a widget's own file when `loaders` is given);
 * later calls share the same promise.
 */
export function loadLocale(lang: Lang, loaders?: LocaleLoaders): Promise<void> {
  return Promise.all(
    [localeLoaders[lang], ...(loaders ? [loaders[lang]] : [])].map((loader) => load(lang, loader)),
  ).then(() => undefined);
}

function load(lang: Lang, loader: () => Promise<{ default: Bundle }>): Promise<void> {
  let loading = pending.get(loader);
  if (!loading) {
    loading = loader().then(({ default: bundle }) => {
      for (const [ns, strings] of Object.entries(bundle)) getI18n().addResourceBundle(lang, ns, strings, true, true);
    });
    // A failed chunk download must not poison later attempts.
    loading.catch(() => pending.delete(loader));
    pending.set(loader, loading);
  }
  return loading;
}

/** Whether the `core` strings (and `namespace`'s, when given) of `lang` are loaded. */
export function isLocaleLoaded(lang: Lang, namespace?: string): boolean {
  const i18n = getI18n();
  return i18n.hasResourceBundle(lang, 'core') && (!namespace || i18n.hasResourceBundle(lang, namespace));
}

/** `ar-MA` → `ar`, `FR` → `fr`; anything unsupported → `fr`. */
export function normalizeLang(tag: string | null | undefined): Lang {
  const primary = (tag ?? '').trim().toLowerCase().split(/[-_]/)[0];
  return (supportedLangs as readonly string[]).includes(primary) ? (primary as Lang) : defaultLang;
}

const textFallbacks = ['fr', 'ar', 'en'];

/** Picks the text for `lang`, then `fr`, `ar`, `en`, then any language present. */
export function pickText(text: LocalizedText | undefined, lang: string): string {
  if (text === undefined) return '';
  if (typeof text === 'string') return text;
  for (const candidate of [lang, ...textFallbacks]) {
    const value = text[candidate];
    if (typeof value === 'string' && value) return value;
  }
  return Object.values(text).find((value) => typeof value === 'string' && value) ?? '';
}
