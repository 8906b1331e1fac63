import { html, nothing, type PropertyDeclarations, type PropertyValues } from 'lit';
import type { Opportunity, Question, Shift, SignupResult } from '../../server/src/schemas/opportunities.js';
import { TadamonElement } from '../core/tadamon-element.js';
import { loadedView, skeleton } from '../core/templates.js';
import { LocalizeController } from '../core/i18n/localize-controller.js';
import { pickText } from '../core/i18n/i18n.js';
import { intlLocale } from '../core/i18n/format.js';
import { formatDateTimeRange } from '../core/i18n/dates.js';
import { getJson, isRetryable } from '../core/api/client.js';
import { isObject } from '../core/api/guards.js';
import { isOpportunity, isSignupResult } from './guards.js';
import { isChallengeRefusal, toApiError, type ApiError } from '../core/api/api-error.js';
import { ResourceController } from '../core/api/resource-controller.js';
import { OutboxController } from '../core/api/outbox-controller.js';
import { NetworkController } from '../core/controllers/network-controller.js';
import type { OutboxEntry } from '../core/api/outbox.js';
import { safeWebUrl } from '../core/safe-url.js';
import { TadamonErrorEvent, TadamonLoadedEvent } from '../core/events.js';
import { TadamonSignupConfirmedEvent, TadamonSignupFailedEvent, TadamonSignupQueuedEvent } from './events.js';
import { tokens } from '../core/styles/tokens.js';
import { shared } from '../core/styles/shared.js';
import { volunteerSignupStyles } from './volunteer-signup.styles.js';
import { questionField, type FieldErrors } from './validation.js';
import { volunteerSignupLocales } from './locales.js';

/** Shifts happen in Morocco: their times are shown in Moroccan time wherever the visitor is. */
const EVENT_TIME_ZONE = 'Africa/Casablanca';

/** Fetching and solving challenges: downloaded at submit time, or when a stored signup needs a new solution. */
const proofOfWorkModule = () => import('../core/pow/proof-of-work.js');

/** Reading and checking the form: fetched once the form shows, used at submit. */
const readFormModule = () => import('./read-form.js');

/** Final answers that sending the same form again will not change. */
const answeredCodes = new Set([
  'shift_full',
  'already_signed_up',
  'validation_failed',
  'consent_required',
  'origin_not_allowed',
  'payload_too_large',
  'opportunity_closed',
  'shift_closed',
]);
/** Refusals that end the signup here for good: no form, no Retry, only the reason. */
const finalCodes = new Set(['origin_not_allowed', 'opportunity_closed']);
/** Refusals naming shifts (`shiftIds`) that can no longer be chosen; the visitor may pick others. */
const shiftCodes = new Set(['shift_full', 'shift_closed']);

type Phase = 'idle' | 'sending' | 'queued' | 'done' | 'failed';

/** Field name → validation message key (`validation.*`). */

/**
 * @tagname tadamon-volunteer-signup
 * @summary Lets a volunteer sign up for one or more shifts of an opportunity. Nothing typed is lost: the
 * signup is stored on the device before it is sent and sent again until the server answers (also after a
 * reload or when the connection comes back); shifts are never overbooked (the server decides, the widget
 * offers the other shifts).
 *
 * @event tadamon-loaded - The opportunity loaded; `detail` is the opportunity.
 * @event tadamon-error - Loading failed or the element is misconfigured; `detail` is `{ code, status }`.
 * @event tadamon-signup-queued - The signup could not be sent yet and is stored on the device; `detail` is `{ key, opportunity }`.
 * @event tadamon-signup-confirmed - The server accepted the signup; `detail` is its answer `{ id, status, shifts }` (`status` may be `waitlisted`).
 * @event tadamon-signup-failed - The server refused the signup for good; `detail` is `{ code, status }` (`shift_full`, `already_signed_up`, …).
 *
 * @csspart base - The card wrapping everything.
 * @csspart header - Title, association, description and location.
 * @csspart title - The opportunity title.
 * @csspart association - The association's name.
 * @csspart description - The description.
 * @csspart location - The location.
 * @csspart form - The signup form.
 * @csspart shifts - The fieldset of shifts.
 * @csspart shift - One shift (checkbox and label).
 * @csspart field - One labelled field.
 * @csspart field-error - A validation message under a field.
 * @csspart questions - The organiser's questions.
 * @csspart privacy - The privacy notice.
 * @csspart consent - The consent checkbox and its label.
 * @csspart submit - The submit button.
 * @csspart status - The announced status line (sending, confirmed, queued, errors).
 * @csspart result - The confirmation with each shift's status.
 * @csspart closed - The message shown when signups are closed.
 * @csspart error - The error or not-found message.
 * @csspart retry - The Retry button.
 *
 * @cssproperty --tadamon-volunteer-signup-min-height - Space reserved while loading. Default: `20rem`.
 * @cssproperty --tadamon-volunteer-signup-field-border - Border colour of inputs. Default: `--tadamon-color-border`.
 * @cssproperty --tadamon-color-accent - Library accent colour (see core tokens for all `--tadamon-*` properties).
 */
export class TadamonVolunteerSignup extends TadamonElement {
  static override styles = [tokens, shared, volunteerSignupStyles];
  static override properties: PropertyDeclarations = {
    opportunity: {},
    phase: { state: true },
    resumed: { state: true },
    result: { state: true },
    failure: { state: true },
    fieldErrors: { state: true },
    fullShiftIds: { state: true },
    closedShiftIds: { state: true },
  };

  /** Id of the volunteer opportunity. */
  opportunity = '';

  private phase: Phase = 'idle';
  private resumed = false;
  private result?: SignupResult;
  private failure?: ApiError;
  private fieldErrors: FieldErrors = {};
  /** Shifts the server said are full since the opportunity loaded. */
  private fullShiftIds: ReadonlySet<string> = new Set();
  /** Shifts the server said are closed (started, or closed by the organiser) since the opportunity loaded. */
  private closedShiftIds: ReadonlySet<string> = new Set();
  /** `tadamon-loaded` fires once per load the host asked for, not again on internal reloads (fresh places). */
  private loadedReported = false;
  /** The body of a resumed entry that failed: put back in the form once it renders. */
  private restoreBody?: unknown;
  private focusResult = false;

  private readonly localize = new LocalizeController(this, 'volunteer-signup', volunteerSignupLocales);

  private readonly resource = new ResourceController(this, {
    args: () => {
      const url = this.opportunityUrl;
      return url ? ([url] as const) : null;
    },
    task: ([url], signal) => getJson(url, { guard: isOpportunity, signal }),
    onComplete: (opportunity) => {
      if (this.loadedReported) return;
      this.loadedReported = true;
      this.dispatchEvent(new TadamonLoadedEvent(opportunity));
    },
    onError: (error) => this.dispatchEvent(new TadamonErrorEvent({ code: error.code, status: error.status })),
  });

  private readonly outbox = new OutboxController(this, {
    // Stored entries are resumed once the opportunity shows: the outbox's code is not needed before.
    url: () => (this.resource.value ? this.signupsUrl : null),
    guard: isSignupResult,
    // A stored signup whose proof of work expired (or was never solved, or was used) gets a new one.
    recover: async (entry, error, signal) =>
      isChallengeRefusal(error)
        ? (await proofOfWorkModule()).withNewProofOfWork(entry.body, this.challengeUrl!, signal)
        : null,
    onResumed: () => {
      this.phase = 'sending';
      this.resumed = true;
    },
    onRetry: (entry, error) => this.onRetry(entry, error),
    onDelivered: (_entry, result) => this.onDelivered(result),
    onFailed: (entry, error) => this.onFailed(error, entry),
  });

  private queuedKeys = new Set<string>();
  private focusFirstError = false;

  private get opportunityUrl(): string | null {
    const base = this.resolvedApiBase;
    const id = this.opportunity.trim();
    return base && id ? `${base}/opportunities/${encodeURIComponent(id)}` : null;
  }

  private get signupsUrl(): string | null {
    const url = this.opportunityUrl;
    return url && `${url}/signups`;
  }

  private get challengeUrl(): string | null {
    const url = this.opportunityUrl;
    return url && `${url}/challenge`;
  }

  private get configError(): string | null {
    return this.missingConfiguration('opportunity', this.opportunity);
  }

  private get form() {
    return this.renderRoot.querySelector('form');
  }

  private readonly network = new NetworkController(this, (offline) => {
    if (!offline && this.resource.status === 'error') this.resource.retry();
  });

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('opportunity') || changed.has('apiBase')) {
      this.phase = 'idle';
      this.result = this.failure = undefined;
      this.fieldErrors = {};
      this.fullShiftIds = new Set();
      this.closedShiftIds = new Set();
      this.loadedReported = false;
    }
  }

  protected override updated(): void {
    this.reportConfigError(this.localize.ready ? this.configError : null);
    if (this.focusFirstError) {
      this.focusFirstError = false;
      const invalid = this.form?.querySelector<HTMLElement>('[aria-invalid="true"]');
      const target = invalid instanceof HTMLFieldSetElement ? invalid.querySelector('input:enabled') : invalid;
      (target as HTMLElement | null)?.focus();
    }
    const form = this.form;
    if (form) void readFormModule().catch(() => {});
    if (this.restoreBody !== undefined && form) {
      restoreForm(form, this.restoreBody);
      this.restoreBody = undefined;
    }
    if (this.focusResult) {
      this.focusResult = false;
      this.renderRoot.querySelector<HTMLElement>('#result-title')?.focus();
    }
  }

  // ——— Submitting ———

  private async onSubmit(event: SubmitEvent) {
    event.preventDefault();
    const opportunity = this.resource.value;
    const form = this.form;
    const url = this.signupsUrl;
    if (this.phase === 'sending' || !opportunity || !form || !url) return;
    let read;
    try {
      read = (await readFormModule()).readForm(form, opportunity, this.localize.lang);
    } catch (error) {
      // The code could not be fetched (offline before it arrived): nothing is lost, the form stays as typed.
      return this.onFailed(toApiError(error));
    }
    const { body, errors } = read;
    this.fieldErrors = errors;
    this.failure = undefined;
    if (Object.keys(errors).length) {
      this.phase = 'idle';
      this.focusFirstError = true;
      return;
    }
    this.phase = 'sending';
    this.resumed = false;
    // The key is born here, and the entry is on disk before anything goes out.
    let entry = await this.outbox.create(url, body);
    if (opportunity.spamProtection === 'pow') {
      try {
        entry = await this.outbox.update(entry, {
          ...body,
          altcha: await (await proofOfWorkModule()).proofOfWork(this.challengeUrl!),
        });
      } catch (error) {
        const failure = toApiError(error);
        // Unsolvable here: say so now. Only offline (no challenge to fetch) is it sent without one, and the
        // server's `challenge_invalid` makes `recover` solve one once the connection is back.
        if (!isRetryable(failure)) {
          await this.outbox.discard(entry);
          return this.onFailed(failure);
        }
      }
    }
    void this.outbox.send(entry);
  }

  private onRetry(entry: OutboxEntry, error: ApiError) {
    // A 5xx or 429 is retried quietly at first; no answer at all means the visitor should know it is saved.
    const noAnswer = error.status === 0 || !navigator.onLine;
    if (!noAnswer && entry.attempts < 2) return;
    this.phase = 'queued';
    if (this.queuedKeys.has(entry.key)) return;
    this.queuedKeys.add(entry.key);
    this.dispatchEvent(new TadamonSignupQueuedEvent({ key: entry.key, opportunity: this.opportunity.trim() }));
  }

  private onDelivered(result: SignupResult) {
    this.phase = 'done';
    this.result = result;
    this.failure = undefined;
    this.fieldErrors = {};
    this.focusResult = true;
    this.dispatchEvent(new TadamonSignupConfirmedEvent(result));
  }

  private onFailed(error: ApiError, entry?: OutboxEntry) {
    // The form was not shown (a signup saved by an earlier page, or one queued for a long time): the form it
    // comes back to holds what was typed.
    if (!this.form && entry && !finalCodes.has(error.code)) this.restoreBody = entry.body;
    this.phase = 'failed';
    this.failure = error;
    this.resumed = false;
    const opportunity = this.resource.value;
    if (shiftCodes.has(error.code) && opportunity) {
      const known = new Set(opportunity.shifts.map((shift) => shift.id));
      const reported = error.extensions.shiftIds;
      const named = Array.isArray(reported) ? reported.filter((id): id is string => known.has(id as string)) : [];
      if (error.code === 'shift_full') this.fullShiftIds = new Set([...this.fullShiftIds, ...named]);
      else this.closedShiftIds = new Set([...this.closedShiftIds, ...named]);
      for (const box of this.form?.querySelectorAll<HTMLInputElement>('input[name="shiftIds"]') ?? []) {
        if (named.includes(box.value)) box.checked = false;
      }
      // Fresh places for the other shifts; what the visitor typed stays in the form.
      this.resource.retry();
    } else if (error.code === 'validation_failed') {
      // After a submit, so the module is here (or the form stays as typed, with the summary).
      void readFormModule().then(
        ({ serverFieldErrors }) => {
          this.fieldErrors = serverFieldErrors(error, this.fieldOrder());
          this.focusFirstError = true;
        },
        () => {},
      );
    } else if (error.code === 'consent_required') {
      this.fieldErrors = { consent: 'consent' };
      this.focusFirstError = true;
    } else if (error.code === 'origin_not_allowed') {
      // For the webmaster: which site, and the command that allows it (the visitor sees a plain sentence).
      const id = this.opportunity.trim();
      console.warn(
        `<tadamon-volunteer-signup>: the site ${location.origin} may not send signups for the opportunity "${id}". ` +
          `The server's administrator can allow it with: npm run admin -- allow-origin ${id} ${location.origin}`,
      );
    }
    this.dispatchEvent(new TadamonSignupFailedEvent({ code: error.code, status: error.status }));
  }

  /** Field names in the order they appear, for focus and for mapping server errors. */
  private fieldOrder(): string[] {
    const questions = this.resource.value?.questions ?? [];
    return ['shiftIds', 'name', 'email', 'phone', 'city', 'skills', ...questions.map(questionField), 'consent'];
  }

  // ——— Rendering ———

  protected override render() {
    const { localize, resource } = this;
    const configError = this.configError;
    return loadedView({
      localize,
      resource,
      configMessage:
        configError && localize.t(configError === 'missing_api_base' ? 'missingApiBase' : 'missingOpportunity'),
      offline: this.network.offline,
      notFoundText: localize.t('errors.opportunity_not_found'),
      skeleton: skeleton(localize, html`<div class="skeleton block" aria-hidden="true"></div>`),
      content: (opportunity) => this.renderOpportunity(opportunity),
    });
  }

  private renderOpportunity(opportunity: Opportunity) {
    const { localize } = this;
    const { lang } = localize;
    const description = pickText(opportunity.description, lang);
    const city = pickText(opportunity.location.city, lang);
    const address = pickText(opportunity.location.address, lang);
    const final = this.phase === 'failed' && !!this.failure && finalCodes.has(this.failure.code);
    const showForm =
      opportunity.status === 'open' &&
      !final &&
      (this.phase === 'idle' || this.phase === 'failed' || (this.phase === 'sending' && !this.resumed));
    return html`
      <div part="header" class="header">
        <p part="title" class="title" id="title">${pickText(opportunity.title, lang)}</p>
        <p part="association" class="muted">${pickText(opportunity.association.name, lang)}</p>
        ${description ? html`<p part="description" class="description">${description}</p>` : nothing}
        <p part="location" class="muted">
          <span class="label">${localize.t('location')}</span>
          ${address ? localize.t('addressCity', { address, city }) : city}
        </p>
      </div>
      ${
        opportunity.status === 'closed' && this.phase !== 'done'
          ? html`<p part="closed" class="closed">${localize.t('closed')}</p>`
          : nothing
      }
      ${showForm ? this.renderForm(opportunity) : nothing}
      ${this.phase === 'done' && this.result ? this.renderResult(opportunity, this.result) : nothing}
      <div part="status" class="status ${this.statusTone()}" role="status" aria-live="polite">
        ${this.statusText(opportunity)}
      </div>
      ${
        this.phase === 'failed' && this.failure && !answeredCodes.has(this.failure.code)
          ? html`<button part="retry" class="button secondary" type="button" @click=${() => this.form?.requestSubmit()}>
              ${localize.t('retry')}
            </button>`
          : nothing
      }
    `;
  }

  private statusTone(): string {
    if (this.phase === 'done') return this.result?.status === 'confirmed' ? 'success' : '';
    if (this.phase === 'failed' || Object.keys(this.fieldErrors).length) return 'danger';
    return '';
  }

  private statusText(opportunity: Opportunity): string {
    const { localize, failure } = this;
    const errorCount = Object.keys(this.fieldErrors).length;
    const summary = () =>
      localize.t('validation.summary', { count: errorCount, formatted: localize.number(errorCount) });
    switch (this.phase) {
      case 'sending':
        return localize.t(this.resumed ? 'status.resumed' : 'status.sending');
      case 'queued':
        return `${localize.t('status.queued')}${this.outbox.persistent ? '' : ` ${localize.t('status.notPersistent')}`}`;
      case 'done': {
        const statuses = new Set(this.result?.shifts.map((shift) => shift.status));
        if (statuses.has('confirmed') && statuses.has('waitlisted')) return localize.t('status.mixed');
        return localize.t(this.result?.status === 'waitlisted' ? 'status.waitlisted' : 'status.confirmed');
      }
      case 'failed':
        if (!failure) return '';
        if (shiftCodes.has(failure.code)) {
          const named = failure.code === 'shift_full' ? this.fullShiftIds : this.closedShiftIds;
          const shifts = opportunity.shifts.filter((shift) => named.has(shift.id));
          const others = opportunity.shifts.some((shift) => !this.isUnavailable(shift));
          const key = failure.code === 'shift_full' ? 'status.full' : 'status.shiftClosed';
          return localize.t(others ? key : `${key}NoOther`, {
            shifts: new Intl.ListFormat(intlLocale(localize.lang), { type: 'conjunction' }).format(
              shifts.map((shift) => this.shiftWhen(shift)),
            ),
          });
        }
        if (failure.code === 'already_signed_up') return localize.t('status.already');
        if (errorCount) return summary();
        return localize.errorMessage(failure);
      default:
        return errorCount ? summary() : '';
    }
  }

  private isUnavailable(shift: Shift): boolean {
    return this.isClosed(shift) || this.fullShiftIds.has(shift.id) || (shift.remaining === 0 && !shift.waitlist);
  }

  /** Started (the server refuses it as `shift_closed`) or reported closed. */
  private isClosed(shift: Shift): boolean {
    return this.closedShiftIds.has(shift.id) || Date.parse(shift.startsAt) <= Date.now();
  }

  /** One Intl range, so each language gets its own punctuation between the date and the times. */
  private shiftWhen(shift: Shift): string {
    return formatDateTimeRange(this.localize.lang, new Date(shift.startsAt), new Date(shift.endsAt), EVENT_TIME_ZONE);
  }

  private errorId(field: string): string {
    return `error-${this.fieldId(field)}`;
  }

  private fieldId(field: string): string {
    const questions = this.resource.value?.questions ?? [];
    const index = questions.findIndex((question) => questionField(question) === field);
    // Question ids come from the server: element ids use their position instead.
    return index >= 0 ? `question-${index}` : `field-${field}`;
  }

  /** `aria-invalid` and `aria-describedby` for a field, linking its message when it has one. */
  private invalid(field: string) {
    return this.fieldErrors[field] ? 'true' : nothing;
  }

  private describedBy(field: string, ...others: string[]) {
    const ids = [...others, ...(this.fieldErrors[field] ? [this.errorId(field)] : [])];
    return ids.length ? ids.join(' ') : nothing;
  }

  private renderFieldError(field: string) {
    const key = this.fieldErrors[field];
    return key
      ? html`<p part="field-error" class="field-error" id=${this.errorId(field)}>${this.fieldMessage(key)}</p>`
      : nothing;
  }

  /** The message; examples (an address, phone numbers) are left to right in every language, each in a <bdi>. */
  private fieldMessage(key: string) {
    const { localize } = this;
    const examples: Record<string, string> =
      key === 'email'
        ? { example: localize.t('validation.emailExample') }
        : key === 'phone'
          ? { local: '06 12 34 56 78', international: '+212 6 12 34 56 78' }
          : {};
    const names = Object.keys(examples);
    const marked = localize.t(
      `validation.${key}`,
      Object.fromEntries(names.map((name, i) => [name, `\u0001${i}\u0001`])),
    );
    return marked
      .split(/\u0001(\d+)\u0001/)
      .map((piece, i) => (i % 2 ? html`<bdi dir="ltr">${examples[names[Number(piece)]]}</bdi>` : piece));
  }

  private renderForm(opportunity: Opportunity) {
    const { localize } = this;
    const { lang } = localize;
    const sending = this.phase === 'sending';
    return html`<form
      part="form"
      class="form"
      novalidate
      aria-labelledby="title"
      @submit=${(event: SubmitEvent) => this.onSubmit(event)}
    >
      <fieldset
        part="shifts"
        class="shifts"
        aria-invalid=${this.invalid('shiftIds')}
        aria-describedby=${this.describedBy('shiftIds')}
      >
        <legend>${localize.t('shifts')}</legend>
        ${opportunity.shifts.map((shift, index) => {
          const unavailable = this.isUnavailable(shift);
          const place = pickText(shift.place, lang) || pickText(opportunity.location.city, lang);
          const places = this.isClosed(shift)
            ? localize.t('shiftClosed')
            : unavailable
              ? localize.t('full')
              : shift.remaining === 0
                ? localize.t('waitlist')
                : localize.t('placesLeft', { count: shift.remaining, formatted: localize.number(shift.remaining) });
          return html`<div part="shift" class="shift ${unavailable ? 'unavailable' : ''}">
            <input type="checkbox" id="shift-${index}" name="shiftIds" value=${shift.id} ?disabled=${unavailable} />
            <label for="shift-${index}">
              <span class="when">${this.shiftWhen(shift)}</span>
              <span class="muted">${place} · ${places}</span>
            </label>
          </div>`;
        })}
        ${this.renderFieldError('shiftIds')}
      </fieldset>

      ${this.renderInput('name', 'name', { required: true, maxlength: 200 })}
      ${this.renderInput('email', 'email', { type: 'email', required: true, maxlength: 254, ltr: true })}
      ${this.renderInput('phone', 'tel', { type: 'tel', maxlength: 32, ltr: true })}
      ${this.renderInput('city', 'address-level2', { maxlength: 100 })} ${this.renderInput('skills', 'off', {})}
      ${
        opportunity.questions?.length
          ? html`<fieldset part="questions" class="questions">
              <legend>${localize.t('questions')}</legend>
              ${opportunity.questions.map((question) => this.renderQuestion(question))}
            </fieldset>`
          : nothing
      }
      ${this.renderPrivacy(opportunity)}

      <div part="consent" class="check">
        <input
          type="checkbox"
          id="field-consent"
          name="consent"
          required
          aria-invalid=${this.invalid('consent')}
          aria-describedby=${this.describedBy('consent', 'privacy')}
        />
        <label for="field-consent">${localize.t('consent')}</label>
        ${this.renderFieldError('consent')}
      </div>
      <div class="check">
        <input type="checkbox" id="field-news" name="newsOptIn" />
        <label for="field-news">${localize.t('newsOptIn')}</label>
      </div>

      <!-- A honeypot for bots: out of sight, out of the tab order and hidden from assistive technology. -->
      <div class="visually-hidden" aria-hidden="true">
        <label for="field-website">${localize.t('honeypot')}</label>
        <input id="field-website" name="website" type="text" tabindex="-1" autocomplete="off" />
      </div>

      <button part="submit" class="button" type="submit" aria-disabled=${sending ? 'true' : 'false'}>
        ${localize.t('submit')}
      </button>
    </form>`;
  }

  private renderInput(
    field: string,
    autocomplete: string,
    {
      type = 'text',
      required = false,
      maxlength,
      ltr = false,
    }: { type?: string; required?: boolean; maxlength?: number; ltr?: boolean },
  ) {
    const id = this.fieldId(field);
    return html`<div part="field" class="field">
      <label for=${id}>
        ${this.localize.t(`fields.${field}`)}
        ${required ? nothing : html`<span class="muted">${this.localize.t('optional')}</span>`}
      </label>
      <input
        id=${id}
        name=${field}
        type=${type}
        dir=${ltr ? 'ltr' : nothing}
        autocomplete=${autocomplete}
        ?required=${required}
        maxlength=${maxlength ?? nothing}
        aria-invalid=${this.invalid(field)}
        aria-describedby=${this.describedBy(field)}
      />
      ${this.renderFieldError(field)}
    </div>`;
  }

  private renderQuestion(question: Question) {
    const { lang } = this.localize;
    const field = questionField(question);
    const id = this.fieldId(field);
    const label = pickText(question.label, lang);
    const optional = question.required ? nothing : html` <span class="muted">${this.localize.t('optional')}</span>`;
    if (question.type === 'multi') {
      return html`<fieldset
        part="field"
        class="choices"
        id=${id}
        aria-invalid=${this.invalid(field)}
        aria-describedby=${this.describedBy(field)}
      >
        <legend>${label}${optional}</legend>
        ${(question.options ?? []).map(
          (option, index) =>
            html`<div class="check">
              <input type="checkbox" id="${id}-${index}" name=${field} value=${option.id} />
              <label for="${id}-${index}">${pickText(option.label, lang)}</label>
            </div>`,
        )}
        ${this.renderFieldError(field)}
      </fieldset>`;
    }
    if (question.type === 'checkbox') {
      return html`<div part="field" class="check">
        <input
          type="checkbox"
          id=${id}
          name=${field}
          ?required=${question.required}
          aria-invalid=${this.invalid(field)}
          aria-describedby=${this.describedBy(field)}
        />
        <label for=${id}>${label}${optional}</label>
        ${this.renderFieldError(field)}
      </div>`;
    }
    const control =
      question.type === 'select'
        ? html`<select
            id=${id}
            name=${field}
            ?required=${question.required}
            aria-invalid=${this.invalid(field)}
            aria-describedby=${this.describedBy(field)}
          >
            <option value="">${this.localize.t('choose')}</option>
            ${(question.options ?? []).map(
              (option) => html`<option value=${option.id}>${pickText(option.label, lang)}</option>`,
            )}
          </select>`
        : html`<input
            id=${id}
            name=${field}
            type="text"
            autocomplete="off"
            maxlength="2000"
            ?required=${question.required}
            aria-invalid=${this.invalid(field)}
            aria-describedby=${this.describedBy(field)}
          />`;
    return html`<div part="field" class="field">
      <label for=${id}>${label}${optional}</label>
      ${control} ${this.renderFieldError(field)}
    </div>`;
  }

  private renderPrivacy(opportunity: Opportunity) {
    const { localize } = this;
    const { privacy } = opportunity;
    const noticeUrl = safeWebUrl(privacy.noticeUrl);
    return html`<div part="privacy" class="privacy" id="privacy">
      <p class="section-title">${localize.t('privacy.title')}</p>
      <ul>
        <li>${localize.t('privacy.controller', { controller: privacy.controller })}</li>
        <li>${localize.t('privacy.purpose', { purpose: pickText(privacy.purpose, localize.lang) })}</li>
        <li>
          ${localize.t('privacy.retention', {
            count: privacy.retentionMonths,
            formatted: localize.number(privacy.retentionMonths),
          })}
        </li>
        <li>${localize.t('privacy.contact', { contact: privacy.contact })}</li>
        ${
          privacy.cndpReceipt ? html`<li>${localize.t('privacy.cndp', { receipt: privacy.cndpReceipt })}</li>` : nothing
        }
      </ul>
      ${
        noticeUrl
          ? html`<a href=${noticeUrl} target="_blank" rel="noopener noreferrer">
              ${localize.t('privacy.notice')}<span class="visually-hidden"> ${localize.t('newTab')}</span>
            </a>`
          : nothing
      }
    </div>`;
  }

  private renderResult(opportunity: Opportunity, result: SignupResult) {
    const { localize } = this;
    const shifts = new Map(opportunity.shifts.map((shift) => [shift.id, shift]));
    // Focus lands on the heading after a success (not on the page body, where the form used to be).
    return html`<p part="result-title" class="section-title" id="result-title" tabindex="-1">
        ${localize.t('resultTitle')}
      </p>
      <ul part="result" class="result" aria-labelledby="result-title">
        ${result.shifts.map((entry) => {
          const shift = shifts.get(entry.id);
          const badge =
            entry.status === 'waitlisted' && entry.position !== undefined
              ? localize.t('shiftStatus.waitlistedAt', { formatted: localize.number(entry.position) })
              : localize.t(`shiftStatus.${entry.status}`);
          return shift
            ? html`<li class=${entry.status}>
                <span>${this.shiftWhen(shift)}</span>
                <span class="badge">${badge}</span>
              </li>`
            : nothing;
        })}
      </ul>`;
  }
}

/** Puts a stored signup body back into the form: what the visitor typed, on a page that no longer had it. */
function restoreForm(form: HTMLFormElement, body: unknown): void {
  if (!isObject(body)) return;
  const answers = isObject(body.answers) ? body.answers : {};
  const text = (value: unknown) => (typeof value === 'string' ? value : Array.isArray(value) ? value.join(', ') : '');
  const values: Record<string, unknown> = {
    name: body.name,
    email: body.email,
    phone: body.phone,
    city: body.city,
    skills: body.skills,
    ...Object.fromEntries(Object.entries(answers).map(([id, value]) => [`answers.${id}`, value])),
  };
  for (const control of form.querySelectorAll<HTMLInputElement | HTMLSelectElement>('input, select')) {
    const value = values[control.name];
    if (control instanceof HTMLInputElement && control.type === 'checkbox') {
      const chosen = control.name === 'shiftIds' ? body.shiftIds : (values[control.name] ?? body[control.name]);
      control.checked = !control.disabled && (Array.isArray(chosen) ? chosen.includes(control.value) : chosen === true);
    } else if (control.name in values) {
      control.value = text(value);
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tadamon-volunteer-signup': TadamonVolunteerSignup;
  }
}
