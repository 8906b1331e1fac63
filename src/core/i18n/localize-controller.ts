import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { getI18n, isLocaleLoaded, loadLocale, type Lang, type LocaleLoaders } from './i18n.js';
import { codeForStatus, type ApiError } from '../api/api-error.js';
import { formatDate, formatNumber } from './format.js';

const noop = () => {};

export interface LocalizedHost extends ReactiveControllerHost, HTMLElement {
  /** The language the host renders in, already resolved and normalised. */
  readonly resolvedLang: Lang;
}

/**
 * Strings and Intl formatting for one element, in that element's language, so
 * an Arabic and a French widget can share a page. Loads the locale on demand
 * and re-renders the host once it is there.
 */
export class LocalizeController implements ReactiveController {
  /** The language of the current update: resolving it walks the DOM, so once per update, not once per `t()`. */
  private currentLang?: Lang;

  /**
   * @param namespace the widget's strings (`core` is always added as the fallback namespace)
   * @param loaders the widget's own locale files, when its strings are not in the shared `locales/{lang}.json`
   */
  constructor(
    private readonly host: LocalizedHost,
    private readonly namespace: string,
    private readonly loaders?: LocaleLoaders,
  ) {
    host.addController(this);
  }

  get lang(): Lang {
    return this.currentLang ?? this.host.resolvedLang;
  }

  get dir(): 'rtl' | 'ltr' {
    return getI18n().dir(this.lang);
  }

  /** False until the strings of the current language are loaded; render a skeleton meanwhile (never raw keys). */
  get ready(): boolean {
    return isLocaleLoaded(this.lang, this.loaders && this.namespace);
  }

  hostConnected(): void {
    window.addEventListener('online', this.onOnline);
    this.onOnline();
  }

  hostDisconnected(): void {
    window.removeEventListener('online', this.onOnline);
  }

  hostUpdate(): void {
    this.currentLang = this.host.resolvedLang;
    // A failed download is forgotten by loadLocale: the next render, or the network coming back, tries again.
    // A detached host is not updated (its loads would start again); it renders when attached anyway.
    if (!this.ready)
      loadLocale(this.currentLang, this.loaders).then(() => this.host.isConnected && this.host.requestUpdate(), noop);
  }

  /** Online again, or attached again: try the missing strings once more. */
  private readonly onOnline = () => {
    if (!this.ready) this.host.requestUpdate();
  };

  t(key: string, options: Record<string, unknown> = {}): string {
    return getI18n().getFixedT(this.lang, [this.namespace, 'core'])(key, options);
  }

  /** A readable message for an API error: its own code's text, else its status family's, else a generic one. */
  errorMessage(error: ApiError): string {
    const generic = this.t('errors.generic');
    const byStatus = this.t(`errors.${codeForStatus(error.status)}`, { defaultValue: generic });
    return this.t(`errors.${error.code}`, { defaultValue: error.status ? byStatus : generic });
  }

  // Formatters only some widgets need (money, percentages, relative days) are imported from format.ts where
  // used, so widgets that do not show them do not download them.
  number(value: number): string {
    return formatNumber(this.lang, value);
  }

  date(date: Date, options?: Intl.DateTimeFormatOptions): string {
    return formatDate(this.lang, date, options);
  }
}
