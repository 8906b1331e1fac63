import { html, nothing, type PropertyDeclarations, type PropertyValues } from 'lit';
import type { Campaign, CampaignHistory } from '../../server/src/schemas/campaigns.js';
import { TadamonElement } from '../core/tadamon-element.js';
import { loadedView, skeleton } from '../core/templates.js';
import { styleProperties } from '../core/directives/style-properties.js';
import { safeWebUrl } from '../core/safe-url.js';
import { LocalizeController } from '../core/i18n/localize-controller.js';
import { pickText } from '../core/i18n/i18n.js';
import { formatMoney, formatPercent, formatRelativeDays, minorUnitsPerMajor } from '../core/i18n/format.js';
import { getJson } from '../core/api/client.js';
import { isCampaign, isCampaignHistory } from '../core/api/guards.js';
import { ResourceController } from '../core/api/resource-controller.js';
import { LiveController } from '../core/api/live-controller.js';
import { TadamonDonateClickEvent, TadamonErrorEvent, TadamonLoadedEvent } from '../core/events.js';
import { tokens } from '../core/styles/tokens.js';
import { shared } from '../core/styles/shared.js';
import { donationProgressStyles } from './donation-progress.styles.js';
import { donationProgressLocales } from './locales.js';
import type { DonationChartView } from './donation-chart.js';

const DAY_MS = 86_400_000;

/**
 * @tagname tadamon-donation-progress
 * @summary Shows how far a fundraising campaign has come: raised vs goal, donors,
 * days left, milestones, in-kind needs, a chart over time and a Donate link. Updates live.
 *
 * @event tadamon-loaded - The campaign loaded; `detail` is the campaign.
 * @event tadamon-error - Loading failed or the element is misconfigured; `detail` is `{ code, status }`.
 * @event tadamon-donate-click - The Donate link was activated; `detail` is `{ campaign, url }`. Cancelable.
 *
 * @csspart base - The card wrapping everything.
 * @csspart header - Title, association and status.
 * @csspart title - The campaign title.
 * @csspart association - The association's name and city.
 * @csspart status - The status badge (upcoming, active, ended, goal reached).
 * @csspart progress - The main bar with the amounts.
 * @csspart bar - The main progress bar track.
 * @csspart fill - The filled part of the main bar.
 * @csspart stats - Donors and time left.
 * @csspart milestones - The list of milestones.
 * @csspart items - The in-kind needs.
 * @csspart item - One in-kind need.
 * @csspart chart - The chart of cumulative donations (full layout).
 * @csspart table - The data table alternative to the chart.
 * @csspart donate - The Donate link.
 * @csspart error - The error or not-found message.
 * @csspart retry - The Retry button.
 * @csspart offline - The offline notice.
 *
 * @cssproperty --tadamon-donation-progress-bar-color - Fill of the bars. Default: `--tadamon-color-accent`.
 * @cssproperty --tadamon-donation-progress-bar-height - Height of the main bar. Default: `0.75rem`.
 * @cssproperty --tadamon-donation-progress-chart-height - Height of the chart. Default: `12rem`.
 * @cssproperty --tadamon-donation-progress-min-height - Space reserved while loading. Default: `22rem` full, `9rem` compact.
 * @cssproperty --tadamon-color-accent - Library accent colour (see core tokens for all `--tadamon-*` properties).
 */
export class TadamonDonationProgress extends TadamonElement {
  static override styles = [tokens, shared, donationProgressStyles];

  static override properties: PropertyDeclarations = {
    campaign: {},
    layout: { reflect: true },
    live: {},
  };

  /** Id of the campaign to show. */
  campaign = '';

  /** `full` (default) adds milestones and the chart; `compact` keeps the essentials. */
  layout: 'compact' | 'full' = 'full';

  /** Live updates while the page is open; `off` disables them. */
  live = 'on';

  private readonly localize = new LocalizeController(this, 'donation-progress', donationProgressLocales);

  private readonly resource = new ResourceController(this, {
    args: () => {
      const url = this.campaignUrl;
      return url ? ([url] as const) : null;
    },
    task: ([url], signal) => getJson(url, { guard: isCampaign, signal }),
    onComplete: (campaign) => this.dispatchEvent(new TadamonLoadedEvent(campaign)),
    onError: (error) => this.dispatchEvent(new TadamonErrorEvent({ code: error.code, status: error.status })),
  });

  private readonly liveUpdates = new LiveController(this, {
    url: () => (this.liveEnabled && this.resource.value ? this.campaignUrl : null),
    guard: isCampaign,
    eventName: 'progress',
    onValue: (campaign) => this.applyLiveUpdate(campaign),
    onOnline: () => {
      if (this.resource.status === 'error') this.resource.retry();
    },
  });

  private chartWanted = false;
  private readonly history = new ResourceController(this, {
    args: () => {
      const url = this.campaignUrl;
      return url && this.chartWanted && this.layout === 'full' ? ([`${url}/history?interval=day`] as const) : null;
    },
    task: ([url], signal) => getJson(url, { guard: isCampaignHistory, signal }),
  });

  private chartView?: DonationChartView;
  /** What the chart shows now, so unrelated renders do not redraw it. */
  private drawn?: { history: CampaignHistory; lang: string };
  private chartFailed = false;
  private visibilityObserver?: IntersectionObserver;

  private get canvasWrap() {
    return this.renderRoot.querySelector<HTMLElement>('.canvas-wrap');
  }

  private get liveEnabled(): boolean {
    return !['off', 'false', '0'].includes(this.live.trim().toLowerCase());
  }

  private get campaignUrl(): string | null {
    const base = this.resolvedApiBase;
    const id = this.campaign.trim();
    return base && id ? `${base}/campaigns/${encodeURIComponent(id)}` : null;
  }

  private get configError(): string | null {
    return this.missingConfiguration('campaign', this.campaign);
  }

  private applyLiveUpdate(campaign: Campaign) {
    const current = this.resource.value;
    // A stream may deliver a stale or foreign object; keep the freshest of this campaign.
    if (current && (campaign.id !== current.id || Date.parse(campaign.updatedAt) < Date.parse(current.updatedAt)))
      return;
    this.resource.setValue(campaign);
    const history = this.history.value;
    if (!history) return;
    const points = [...history.points];
    const today = new Date().toISOString().slice(0, 10);
    if (points.at(-1)?.at.slice(0, 10) === today) points.pop();
    points.push({ at: new Date().toISOString(), raised: campaign.raised });
    this.history.setValue({ ...history, points });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.visibilityObserver?.disconnect();
    this.visibilityObserver = undefined;
    this.destroyChart();
  }

  private destroyChart() {
    this.chartView?.destroy();
    this.drawn = undefined;
  }

  protected override updated(changed: PropertyValues<this>): void {
    this.reportConfigError(this.localize.ready ? this.configError : null);
    if (changed.has('campaign') || changed.has('apiBase')) this.destroyChart();
    this.observeChartArea();
    const wrap = this.canvasWrap;
    const history = this.history.value;
    const { lang } = this.localize;
    if (!this.chartView || !wrap || !history || (this.drawn?.history === history && this.drawn.lang === lang)) return;
    this.drawn = { history, lang };
    const perMajor = minorUnitsPerMajor(history.currency);
    this.chartView.draw(this, wrap, {
      labels: history.points.map((point) => this.shortDate(point.at)),
      values: history.points.map((point) => point.raised / perMajor),
      formatValue: (value) => formatMoney(this.localize.lang, value * perMajor, history.currency),
      rtl: this.localize.dir === 'rtl',
    });
  }

  private observeChartArea() {
    const wrap = this.canvasWrap;
    if (!wrap || this.visibilityObserver) return;
    this.visibilityObserver = new IntersectionObserver(
      (entries) => {
        if (!entries.some((entry) => entry.isIntersecting)) return;
        this.visibilityObserver?.disconnect();
        this.chartWanted = true;
        this.requestUpdate();
        import('./donation-chart.js')
          .then(
            ({ DonationChartView }) => (this.chartView ??= new DonationChartView()),
            () => (this.chartFailed = true),
          )
          .finally(() => this.requestUpdate());
      },
      // "About to be visible": start loading a little before it scrolls in.
      { rootMargin: '200px' },
    );
    this.visibilityObserver.observe(wrap);
  }

  protected override render() {
    const { localize, resource } = this;
    const configError = this.configError;
    return loadedView({
      localize,
      resource,
      configMessage:
        configError && localize.t(configError === 'missing_api_base' ? 'missingApiBase' : 'missingCampaign'),
      offline: this.liveUpdates.offline,
      notFoundText: localize.t('errors.campaign_not_found'),
      skeleton: skeleton(
        localize,
        html`<div class="skeleton bar" aria-hidden="true"></div>
          ${this.layout === 'full' ? html`<div class="skeleton block" aria-hidden="true"></div>` : nothing}`,
      ),
      content: (campaign) => this.renderCampaign(campaign),
    });
  }

  private renderCampaign(campaign: Campaign) {
    const { localize } = this;
    const { lang } = localize;
    const money = (minor: number) => formatMoney(localize.lang, minor, campaign.currency);
    const ratio = campaign.goal > 0 ? campaign.raised / campaign.goal : campaign.raised > 0 ? 1 : 0;
    const goalReached = campaign.goal > 0 && campaign.raised >= campaign.goal && campaign.status !== 'upcoming';
    const perMajor = minorUnitsPerMajor(campaign.currency);
    const percentOfGoal = (amount: number) =>
      `${campaign.goal > 0 ? Math.min(100, (amount / campaign.goal) * 100) : 100}%`;
    const milestones = campaign.milestones ?? [];
    const items = campaign.items ?? [];
    const city = pickText(campaign.association.city, lang);
    const donateUrl = campaign.status === 'active' ? safeWebUrl(campaign.donateUrl) : null;
    const full = this.layout === 'full';

    return html`
      <div part="header" class="header">
        <div>
          <p part="title" class="title">${pickText(campaign.title, lang)}</p>
          <p part="association" class="association">
            ${pickText(campaign.association.name, lang)}${city ? html` · ${city}` : nothing}
          </p>
        </div>
        <span part="status" class="status ${goalReached ? 'reached celebrate' : campaign.status}">
          ${localize.t(goalReached ? 'status.goalReached' : `status.${campaign.status}`)}
        </span>
      </div>

      <div part="progress" class="progress">
        <div
          part="bar"
          class="bar"
          role="progressbar"
          aria-label=${localize.t('progressLabel')}
          aria-valuemin="0"
          aria-valuemax=${campaign.goal / perMajor}
          aria-valuenow=${Math.min(campaign.raised, campaign.goal) / perMajor}
          aria-valuetext=${localize.t('valueText', {
            raised: money(campaign.raised),
            goal: money(campaign.goal),
            percent: formatPercent(localize.lang, ratio),
          })}
        >
          <div
            part="fill"
            class="fill ${goalReached ? 'celebrate' : ''}"
            ${styleProperties({ 'inline-size': percentOfGoal(campaign.raised) })}
          ></div>
          ${milestones.map(
            (milestone) =>
              html`<span
                class="marker ${campaign.raised >= milestone.amount ? 'reached' : ''}"
                aria-hidden="true"
                ${styleProperties({ 'inset-inline-start': percentOfGoal(milestone.amount) })}
              ></span>`,
          )}
        </div>
        <p class="amounts" aria-hidden="true">
          <span class="raised">${money(campaign.raised)}</span>
          <span class="muted">${localize.t('raisedOf', { goal: money(campaign.goal) })}</span>
          <span class="percent">${formatPercent(localize.lang, ratio)}</span>
        </p>
      </div>

      <ul part="stats" class="stats">
        <li class="donors">
          ${localize.t('donors', { count: campaign.donors, formatted: localize.number(campaign.donors) })}
        </li>
        ${this.renderTiming(campaign)}
      </ul>

      ${full && milestones.length ? this.renderMilestones(campaign, money) : nothing}
      ${items.length ? this.renderItems(campaign) : nothing}
      ${full && campaign.status !== 'upcoming' ? this.renderChart() : nothing}
      ${
        donateUrl
          ? html`<div class="actions">
              <a
                part="donate"
                class="button"
                href=${donateUrl}
                target="_blank"
                rel="noopener noreferrer"
                @click=${(event: MouseEvent) => this.onDonateClick(event, campaign.id, donateUrl)}
              >
                ${localize.t('donate')}<span class="visually-hidden"> ${localize.t('newTab')}</span>
              </a>
            </div>`
          : nothing
      }
      ${
        this.liveUpdates.offline
          ? html`<p part="offline" class="offline" role="status">${localize.t('offlineStale')}</p>`
          : nothing
      }
    `;
  }

  private renderTiming(campaign: Campaign) {
    const { localize } = this;
    const now = Date.now();
    if (campaign.status === 'upcoming' && campaign.startsAt) {
      const days = Math.max(0, Math.ceil((Date.parse(campaign.startsAt) - now) / DAY_MS));
      return html`<li class="timing">${localize.t('startsIn', { when: formatRelativeDays(localize.lang, days) })}</li>`;
    }
    if (campaign.status === 'active' && campaign.endsAt) {
      const days = Math.floor((Date.parse(campaign.endsAt) - now) / DAY_MS);
      return html`<li class="timing">
        ${days < 1 ? localize.t('endsToday') : localize.t('daysLeft', { count: days, formatted: localize.number(days) })}
      </li>`;
    }
    return nothing;
  }

  private renderMilestones(campaign: Campaign, money: (minor: number) => string) {
    const { localize } = this;
    return html`<div part="milestones">
      <p class="section-title" id="milestones-title">${localize.t('milestones')}</p>
      <ul aria-labelledby="milestones-title">
        ${campaign.milestones!.map((milestone) => {
          const reached = campaign.raised >= milestone.amount;
          return html`<li class="milestone ${reached ? 'reached' : ''}">
            <span
              ><span class="check" aria-hidden="true">${reached ? '✓' : '○'}</span>
              ${pickText(milestone.label, localize.lang)}
              <span class="visually-hidden"
                >(${localize.t(reached ? 'milestoneReached' : 'milestoneNotReached')})</span
              ></span
            >
            <span class="muted">${money(milestone.amount)}</span>
          </li>`;
        })}
      </ul>
    </div>`;
  }

  private renderItems(campaign: Campaign) {
    const { localize } = this;
    const { lang } = localize;
    return html`<div part="items">
      <p class="section-title" id="items-title">${localize.t('items')}</p>
      <ul aria-labelledby="items-title">
        ${campaign.items!.map((item) => {
          const label = pickText(item.label, lang);
          const unit = pickText(item.unit, lang);
          const ratio = item.needed > 0 ? Math.min(1, item.received / item.needed) : 1;
          const received = localize.number(item.received);
          const needed = localize.number(item.needed);
          return html`<li part="item" class="item">
            <span>${label}</span>
            <span class="muted" aria-hidden="true">${received} / ${needed}${unit ? ` ${unit}` : ''}</span>
            <div
              class="bar"
              role="progressbar"
              aria-label=${label}
              aria-valuemin="0"
              aria-valuemax=${item.needed}
              aria-valuenow=${Math.min(item.received, item.needed)}
              aria-valuetext=${localize.t('itemValueText', { received, needed, unit }).trim()}
            >
              <div class="fill" ${styleProperties({ 'inline-size': `${ratio * 100}%` })}></div>
            </div>
          </li>`;
        })}
      </ul>
    </div>`;
  }

  private shortDate(iso: string) {
    return this.localize.date(new Date(iso), { day: 'numeric', month: 'short' });
  }

  private renderChart() {
    const { localize } = this;
    const history = this.history.value;
    const ready = this.chartView && history;
    const points = history?.points ?? [];
    const money = (minor: number) => formatMoney(localize.lang, minor, history!.currency);
    const failed = this.chartFailed || this.history.status === 'error';
    return html`<figure part="chart" class="chart">
      <figcaption class="section-title">${localize.t('chart')}</figcaption>
      ${failed ? html`<p class="muted">${localize.t('chartError')}</p>` : nothing}
      <div class="canvas-wrap" ?hidden=${failed}>
        ${
          !ready
            ? html`<div class="skeleton block" aria-hidden="true"></div>`
            : points.length
              ? html`<canvas
                  role="img"
                  aria-label=${localize.t('chartSummary', {
                    first: money(points[0].raised),
                    from: this.shortDate(points[0].at),
                    last: money(points[points.length - 1].raised),
                    to: this.shortDate(points[points.length - 1].at),
                  })}
                ></canvas>`
              : html`<p class="muted">${localize.t('chartEmpty')}</p>`
        }
      </div>
      ${
        ready && points.length
          ? html`<details part="table">
              <summary>${localize.t('tableToggle')}</summary>
              <table>
                <thead>
                  <tr>
                    <th scope="col">${localize.t('date')}</th>
                    <th scope="col">${localize.t('amount')}</th>
                  </tr>
                </thead>
                <tbody>
                  ${points.map(
                    (point) =>
                      html`<tr>
                        <td>${localize.date(new Date(point.at))}</td>
                        <td>${money(point.raised)}</td>
                      </tr>`,
                  )}
                </tbody>
              </table>
            </details>`
          : nothing
      }
    </figure>`;
  }

  private onDonateClick(event: MouseEvent, campaign: string, url: string) {
    const donateEvent = new TadamonDonateClickEvent({ campaign, url });
    this.dispatchEvent(donateEvent);
    if (donateEvent.defaultPrevented) event.preventDefault();
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'tadamon-donation-progress': TadamonDonationProgress;
  }
}
