import { html, nothing, type TemplateResult } from 'lit';
import type { LocalizeController } from './i18n/localize-controller.js';
import type { ResourceController } from './api/resource-controller.js';

/** Every widget's card (`part="base"`), in the widget's language and direction; busy while it has nothing to show. */
function widgetCard(localize: LocalizeController, busy: boolean, content: unknown): TemplateResult {
  return html`<div part="base" class="base" lang=${localize.lang} dir=${localize.dir} aria-busy=${busy}>
    ${content}
  </div>`;
}

/** The loading state: announced once the strings are there, with grey lines, then the widget's own `blocks`. */
export function skeleton(localize: LocalizeController, blocks: TemplateResult): TemplateResult {
  return html`<div class="message" role="status">
    <span class="visually-hidden">${localize.ready ? localize.t('loading') : nothing}</span>
    <div class="skeleton line" aria-hidden="true"></div>
    <div class="skeleton line short" aria-hidden="true"></div>
    ${blocks}
  </div>`;
}

/** An error or not-found message (`part="error"`), with a Retry button when trying again can help. */
export function errorCard(localize: LocalizeController, text: string, retry?: () => void): TemplateResult {
  return html`<div part="error" class="message error" role="alert">
    <p>${text}</p>
    ${
      retry
        ? html`<button part="retry" class="button secondary" type="button" @click=${retry}>
            ${localize.t('retry')}
          </button>`
        : nothing
    }
  </div>`;
}

export interface LoadedViewOptions<T> {
  localize: LocalizeController;
  resource: Pick<ResourceController<T>, 'value' | 'status' | 'error' | 'retry'>;
  /** What is missing from the element's configuration (an attribute), already localised, or null. */
  configMessage: string | null;
  /** Known to be offline (the resource will be loaded again once back online). */
  offline: boolean;
  /** "This campaign cannot be found…", for a 404. */
  notFoundText: string;
  skeleton: TemplateResult;
  content: (value: T) => TemplateResult;
}

/**
 * A widget's card for the resource it loads: its skeleton until there is something to say, a configuration
 * message, the content, or why it cannot be shown (offline, not found, an error) with Retry where it helps.
 */
export function loadedView<T>(view: LoadedViewOptions<T>): TemplateResult {
  const { localize, resource } = view;
  const busy = !localize.ready || (resource.status === 'pending' && !resource.value);
  return widgetCard(localize, busy, loadedContent(view));
}

function loadedContent<T>(view: LoadedViewOptions<T>): TemplateResult {
  const { localize, resource } = view;
  if (!localize.ready) return view.skeleton;
  if (view.configMessage) return errorCard(localize, view.configMessage);
  if (resource.value) return view.content(resource.value);
  const error = resource.status === 'error' ? resource.error : undefined;
  if (!error) return view.skeleton;
  const retry = () => resource.retry();
  if (view.offline || (error.code === 'network' && !navigator.onLine)) {
    return errorCard(localize, localize.t('offline'), retry);
  }
  if (error.status === 404) return errorCard(localize, view.notFoundText);
  return errorCard(localize, localize.errorMessage(error), retry);
}
