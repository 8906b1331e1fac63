import { html, nothing, type TemplateResult } from 'lit';
import type { LocalizeController } from './i18n/localize-controller.js';

/** Every widget's card (`part="base"`), in the widget's language and direction; busy while it has nothing to show. */
export function widgetCard(localize: LocalizeController, busy: boolean, content: unknown): TemplateResult {
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
