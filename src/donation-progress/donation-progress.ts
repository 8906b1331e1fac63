import { html, nothing, type PropertyDeclarations, type PropertyValues } from 'lit';
import type { Campaign, CampaignHistory } from '../../server/src/schemas/campaigns.js';
import { TadamonElement } from '../core/tadamon-element.js';
import { loadedView, skeleton } from '../core/templates.js';
import { styleProperties } from '../core/directives/style-properties.js';
import { safeWebUrl } from '../core/safe-url.js';
import { LocalizeController } from '../core/i18n/localize-controller.js';
import { pickText } from '../core/i18n/i18n.js';
import { intlLocale } from '../core/i18n/format.js';
import { formatMoney, formatPercent, minorUnitsPerMajor, moneyOptions, percentReached } from '../core/i18n/money.js';
import { calendarDaysBetween, formatRelativeDays, moroccoTimeZone } from '../core/i18n/dates.js';
import { getJson } from '../core/api/client.js';
import { isCampaign, isCampaignHistory } from './guards.js';
import { ResourceController } from '../core/api/resource-controller.js';
import { LiveController } from '../core/api/live-controller.js';
import { VisibleController } from '../core/controllers/visible-controller.js';
import { TadamonErrorEvent, TadamonLoadedEvent } from '../core/events.js';
import { TadamonDonateClickEvent } from './events.js';
import { tokens } from '../core/styles/tokens.js';
import { shared } from '../core/styles/shared.js';
import { donationProgressStyles } from './donation-progress.styles.js';
import { donationProgressLocales } from './locales.js';
import type { DonationChartView } from './donation-chart.js';

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

  /** The chart, its data and chart.js load only once the chart is about to scroll into view. */
  private readonly chartArea = new VisibleController(this, {
    target: () => this.renderRoot.querySelector('[part~="chart"]'),
  });

  private readonly history = new ResourceController(this, {
    args: () => {
      const url = this.campaignUrl;
      return url && this.chartArea.visible && this.layout === 'full'
        ? ([`${url}/history?interval=day`] as const)
        : null;
    },
    task: ([url], signal) => getJson(url, { guard: isCampaignHistory, signal }),
  });

  private chartView?: Promise<DonationChartView>;
  /** What the chart shows (or is drawing), so unrelated renders do not redraw it. */
  private drawn?: { history: CampaignHistory; lang: string };
  private chartState: 'waiting' | 'drawn' | 'failed' = 'waiting';

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
    // Today's point (a day in Morocco, as the server buckets them) takes the new total.
    const now = new Date();
    const points = [...history.points];
    const last = points.at(-1);
    if (last && calendarDaysBetween(new Date(last.at), now) === 0) points.pop();
    points.push({ at: now.toISOString(), raised: campaign.raised });
    this.history.setValue({ ...history, points });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.destroyChart();
  }

  private destroyChart() {
    void this.chartView?.then((view) => view.destroy());
    this.drawn = undefined;
    this.chartState = 'waiting';
  }

  protected override updated(changed: PropertyValues<this>): void {
    this.reportConfigError(this.localize.ready ? this.configError : null);
    if (changed.has('campaign') || changed.has('apiBase')) this.destroyChart();
    if (this.chartArea.visible && this.layout === 'full') this.drawChart();
  }

  private drawChart() {
    const wrap = this.renderRoot.querySelector<HTMLElement>('.canvas-wrap');
    const history = this.history.value;
    const { lang, dir } = this.localize;
    this.chartView ??= import('./donation-chart.js').then(
      ({ DonationChartView }) => new DonationChartView(() => import('./chart-renderer.js')),
    );
    if (!wrap || !history || (this.drawn?.history === history && this.drawn.lang === lang)) return;
    const drawn = (this.drawn = { history, lang });
    const style = getComputedStyle(this);
    const token = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
    const perMajor = minorUnitsPerMajor(history.currency);
    const data = {
      labels: history.points.map((point) => this.shortDate(point.at)),
      values: history.points.map((point) => point.raised / perMajor),
      locale: intlLocale(lang),
      money: moneyOptions(history.currency),
      textDirection: dir,
    };
    const theme = {
      line: token('--_bar-color', '#0b6e4f'),
      text: token('--_muted', '#55606e'),
      grid: token('--_track', '#e4e8ec'),
      font: token('--_font', 'sans-serif'),
    };
    const settle = (state: 'drawn' | 'failed') => {
      // Not for a chart since destroyed: an update of a detached widget would load its data again.
      if (this.drawn !== drawn) return;
      this.chartState = state;
      this.requestUpdate();
    };
    this.chartView
      .then((view) => view.draw(wrap, data, theme))
      .then(
        () => settle('drawn'),
        () => settle('failed'),
      );
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
    // Rounded down: "100 %" only once the goal is reached.
    const percent = formatPercent(localize.lang, percentReached(campaign.raised, campaign.goal) / 100);
    const goalReached = campaign.goal > 0 && campaign.raised >= campaign.goal && campaign.status !== 'upcoming';
    const perMajor = minorUnitsPerMajor(campaign.currency);
    const percentOfGoal = (amount: number) =>
      `${campaign.goal > 0 ? Math.min(100, (amount / campaign.goal) * 100) : 100}%`;
    const milestones = campaign.milestones ?? [];
    // The bar's end is the goal: a tick there (or past it) would stick out of the bar.
    const markers = milestones.filter(({ amount }) => amount > 0 && amount < campaign.goal);
    const items = campaign.items ?? [];
    const city = pickText(campaign.association.city, lang);
    const donateUrl = campaign.status === 'active' ? safeWebUrl(campaign.donateUrl) : null;
    const full = this.layout === 'full';

    return html`
      <div part="header" class="header">
        <div>
          <p part="title" class="title">${pickText(campaign.title, lang)}</p>
          <p part="association" class="muted">
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
            percent,
          })}
        >
          <div
            part="fill"
            class="fill ${goalReached ? 'celebrate' : ''}"
            ${styleProperties({ 'inline-size': percentOfGoal(campaign.raised) })}
          ></div>
          ${markers.map(
            (milestone) =>
              html`<span
                class="marker ${campaign.raised >= milestone.amount ? 'reached' : ''}"
                aria-hidden="true"
                ${styleProperties({ '--_at': percentOfGoal(milestone.amount) })}
              ></span>`,
          )}
        </div>
        <p class="amounts" aria-hidden="true">
          <span
            ><span class="raised">${money(campaign.raised)}</span>
            <span class="muted">${localize.t('raisedOf', { goal: money(campaign.goal) })}</span></span
          >
          <span class="percent">${percent}</span>
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

  /** Days are calendar days in Morocco: "ends today" all through the last day, whatever the hour. */
  private renderTiming(campaign: Campaign) {
    const { localize } = this;
    const now = new Date();
    if (campaign.status === 'upcoming' && campaign.startsAt) {
      const days = Math.max(0, calendarDaysBetween(now, new Date(campaign.startsAt)));
      return html`<li class="timing">${localize.t('startsIn', { when: formatRelativeDays(localize.lang, days) })}</li>`;
    }
    if (campaign.status === 'active' && campaign.endsAt) {
      // The last day is the one holding the campaign's last moment (an end at midnight closes the day before).
      const days = calendarDaysBetween(now, new Date(Date.parse(campaign.endsAt) - 1));
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

  /** History days are Moroccan calendar days: written as such wherever the visitor is. */
  private shortDate(iso: string) {
    return this.localize.date(new Date(iso), { day: 'numeric', month: 'short', timeZone: moroccoTimeZone });
  }

  /** The chart (drawn off the main thread when it can be), and the same data as a table, always offered. */
  private renderChart() {
    const { localize, chartState } = this;
    const history = this.history.value;
    const points = history?.points ?? [];
    const money = (minor: number) => formatMoney(localize.lang, minor, history!.currency);
    const failed = chartState === 'failed' || this.history.status === 'error';
    const busy = !failed && (!history || (points.length > 0 && chartState === 'waiting'));
    const grey = html`<div class="skeleton block" aria-hidden="true"></div>`;
    // The plot is dir="ltr": time runs left to right in every language, as Arabic news charts draw it.
    return html`<figure part="chart" class="chart" aria-busy=${busy}>
      <figcaption class="section-title">${localize.t('chart')}</figcaption>
      ${failed ? html`<p class="muted">${localize.t('chartError')}</p>` : nothing}
      <div class="canvas-wrap" dir="ltr" ?hidden=${failed}>
        ${
          !history
            ? grey
            : points.length
              ? html`<canvas
                    role="img"
                    aria-label=${localize.t('chartSummary', {
                      first: money(points[0].raised),
                      from: this.shortDate(points[0].at),
                      last: money(points[points.length - 1].raised),
                      to: this.shortDate(points[points.length - 1].at),
                    })}
                  ></canvas
                  >${chartState === 'waiting' ? grey : nothing}`
              : html`<p class="muted">${localize.t('chartEmpty')}</p>`
        }
      </div>
      ${
        points.length
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
                        <td>
                          ${localize.date(new Date(point.at), { dateStyle: 'medium', timeZone: moroccoTimeZone })}
                        </td>
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
