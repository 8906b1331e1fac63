import { LitElement, type PropertyDeclarations } from 'lit';
import { normalizeLang, type Lang } from './i18n/i18n.js';
import { TadamonErrorEvent } from './events.js';

/**
 * Finds the language for `element`: its own `lang`, else the nearest ancestor
 * with one (crossing shadow roots, so a widget inside another component follows
 * the page), else the document, else French.
 */
export function resolveLang(element: Element): Lang {
  let node: Element | null = element;
  while (node) {
    const tagged = node.closest('[lang]:not([lang=""])');
    if (tagged) return normalizeLang(tagged.getAttribute('lang'));
    const root = node.getRootNode();
    node = root instanceof ShadowRoot ? root.host : null;
  }
  return normalizeLang(document.documentElement.lang);
}

/** `api-base` attribute, else `<meta name="tadamon:api-base">`; relative values resolve against the page URL. */
export function resolveApiBase(attribute: string | undefined): string | null {
  const raw =
    attribute?.trim() || document.querySelector('meta[name="tadamon:api-base"]')?.getAttribute('content')?.trim() || '';
  if (!raw) return null;
  try {
    return new URL(raw, document.baseURI).href.replace(/\/+$/, '');
  } catch {
    return null;
  }
}

// Widgets follow `<html lang>` changes (a site's language switcher) without each one observing it.
const langListeners = new Set<TadamonElement>();
let documentLangObserver: MutationObserver | undefined;

function watchDocumentLang(element: TadamonElement) {
  langListeners.add(element);
  documentLangObserver ??= new MutationObserver(() => langListeners.forEach((listener) => listener.requestUpdate()));
  if (langListeners.size === 1) {
    documentLangObserver.observe(document.documentElement, { attributes: true, attributeFilter: ['lang'] });
  }
}

function unwatchDocumentLang(element: TadamonElement) {
  langListeners.delete(element);
  if (!langListeners.size) documentLangObserver?.disconnect();
}

/** What every Tadamon widget shares: where the API is and which language to speak. */
export class TadamonElement extends LitElement {
  // Static `properties` rather than decorators: the decorator helpers would add to every widget's first load.
  static override properties: PropertyDeclarations = { apiBase: { attribute: 'api-base' }, lang: { reflect: true } };

  /** Base URL of the Tadamon API, including any version prefix. Falls back to `<meta name="tadamon:api-base">`. */
  declare apiBase?: string;

  /** Language (`ar`, `fr`, `en`, `zgh`); inherited from the nearest `[lang]` ancestor when absent. */
  // Reflected because language resolution (and `:lang()` in CSS) reads the attribute.
  declare lang: string;

  /** The language actually used, normalised (`ar-MA` → `ar`, unsupported → `fr`). */
  get resolvedLang(): Lang {
    return resolveLang(this);
  }

  /** The API base as an absolute URL without trailing slash, or null when none is configured. */
  get resolvedApiBase(): string | null {
    return resolveApiBase(this.apiBase);
  }

  private reportedConfigError?: string;

  /**
   * `missing_api_base`, `missing_<attribute>` when the widget's id attribute is empty, or null. A widget without an id
   * (the map shows every project) passes no attribute: only the API base is required.
   */
  protected missingConfiguration(attribute?: string, value = ''): string | null {
    if (!this.resolvedApiBase) return 'missing_api_base';
    return !attribute || value.trim() ? null : `missing_${attribute}`;
  }

  /** Tells the host page once (`tadamon-error`, status 0) about each configuration problem; null when none. */
  protected reportConfigError(code: string | null): void {
    if (code && code !== this.reportedConfigError) this.dispatchEvent(new TadamonErrorEvent({ code, status: 0 }));
    this.reportedConfigError = code ?? undefined;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    watchDocumentLang(this);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    unwatchDocumentLang(this);
  }
}

/**
 * Registers a custom element unless the tag is taken. Two copies of the library
 * on one page (a news site embedding two widgets) must not throw.
 */
export function defineElement(tag: string, constructor: CustomElementConstructor): void {
  const existing = customElements.get(tag);
  if (!existing) customElements.define(tag, constructor);
  else if (existing !== constructor) console.warn(`tadamon: <${tag}> already defined`);
}
