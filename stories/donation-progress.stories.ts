import type { Meta, StoryObj } from '@storybook/web-components';
import { html } from 'lit';
import { styleMap } from 'lit/directives/style-map.js';
import { expect, waitFor } from 'storybook/test';
import '../src/donation-progress/index.js';
import { formatMoney } from '../src/core/i18n/money.js';
import { normalizeLang } from '../src/core/i18n/i18n.js';
import ar from '../src/locales/ar.json';
import widgetAr from '../src/locales/donation-progress-ar.json';
import en from '../src/locales/en.json';
import widgetEn from '../src/locales/donation-progress-en.json';
import fr from '../src/locales/fr.json';
import widgetFr from '../src/locales/donation-progress-fr.json';
import zgh from '../src/locales/zgh.json';
import widgetZgh from '../src/locales/donation-progress-zgh.json';
import {
  campaignHandlers,
  campaignLiveHandlers as liveHandlers,
  campaignLoadingHandlers as loadingHandlers,
  campaignMalformedHandlers as malformedHandlers,
  campaignNotFoundHandlers as notFoundHandlers,
  campaignOfflineHandlers as offlineHandlers,
  campaignServerErrorHandlers as serverErrorHandlers,
} from '../test/fake-backend/handlers.js';
import {
  activeCampaign,
  activeHistory,
  almostThereCampaign,
  almostThereHistory,
  yearLongHistory,
  API_BASE,
  CAMPAIGN_ID,
  endedCampaign,
  endedHistory,
  goalReachedCampaign,
  goalReachedHistory,
  upcomingCampaign,
  upcomingHistory,
  withoutItemsCampaign,
} from '../test/fake-backend/fixtures.js';

interface DonationProgressArgs {
  campaign: string;
  apiBase: string;
  layout: 'compact' | 'full';
}

const meta: Meta<DonationProgressArgs> = {
  title: 'Widgets/Donation progress',
  component: 'tadamon-donation-progress',
  args: { campaign: CAMPAIGN_ID, apiBase: API_BASE, layout: 'full' },
  argTypes: {
    layout: { control: 'inline-radio', options: ['compact', 'full'] },
  },
  render: ({ campaign, apiBase, layout }) =>
    html`<tadamon-donation-progress
      campaign=${campaign}
      api-base=${apiBase}
      layout=${layout}
    ></tadamon-donation-progress>`,
  parameters: { msw: { handlers: campaignHandlers(activeCampaign, activeHistory) } },
};
export default meta;

type Story = StoryObj<DonationProgressArgs>;

/** The widget's shadow root, once it exists. */
async function shadowOf(canvasElement: HTMLElement): Promise<ShadowRoot> {
  const element = canvasElement.querySelector('tadamon-donation-progress');
  await waitFor(() => expect(element?.shadowRoot).toBeTruthy());
  return element!.shadowRoot!;
}

/** The client retries 5xx and network failures three times with backoff (up to ~3.5 s) before giving up. */
const afterRetries = { timeout: 8000 };

/** Digits as Latin, whatever numbering system the locale formats with. */
const latinDigits = (text: string) => text.replace(/[٠-٩]/g, (digit) => String(digit.charCodeAt(0) - 0x0660));

const messages = {
  ar: { ...ar, ...widgetAr },
  en: { ...en, ...widgetEn },
  fr: { ...fr, ...widgetFr },
  zgh: { ...zgh, ...widgetZgh },
};

export const Loading: Story = {
  parameters: { msw: { handlers: loadingHandlers } },
};

export const Active: Story = {
  play: async ({ canvasElement, globals }) => {
    const root = await shadowOf(canvasElement);
    const raised = formatMoney(normalizeLang(String(globals.lang)), activeCampaign.raised, 'MAD');
    await waitFor(() => expect(root.querySelector('.raised')?.textContent).toBe(raised));
    // Independently of the formatter: 9 845 000 centimes are shown as 98 450 dirhams, not as centimes.
    await expect(latinDigits(raised).replace(/\D+/g, '')).toBe('98450');
    await expect(root.querySelector('[part~="donate"]')?.getAttribute('href')).toBe(activeCampaign.donateUrl);
  },
};

export const Compact: Story = {
  args: { layout: 'compact' },
};

export const GoalReached: Story = {
  parameters: { msw: { handlers: campaignHandlers(goalReachedCampaign, goalReachedHistory) } },
};

/** 99.6 % raised: "99 %" until the goal is reached, and no tick at the bar's end for the milestone at the goal. */
export const AlmostThere: Story = {
  parameters: { msw: { handlers: campaignHandlers(almostThereCampaign, almostThereHistory) } },
  play: async ({ canvasElement }) => {
    const root = await shadowOf(canvasElement);
    // Whatever the language's spaces and direction marks around the sign.
    const percent = () =>
      latinDigits(root.querySelector('.percent')?.textContent ?? '').replace(/[\s\u200e\u200f]/gu, '');
    await waitFor(() => expect(percent()).toBe('99%'));
    await expect(root.querySelectorAll('.marker').length).toBe(2);
  },
};

/** A year of daily points: the chart (drawn in a worker) thins them out; the table keeps every day. */
export const YearLongChart: Story = {
  parameters: { msw: { handlers: campaignHandlers(activeCampaign, yearLongHistory) } },
  play: async ({ canvasElement }) => {
    const root = await shadowOf(canvasElement);
    await waitFor(() => expect(root.querySelector('[part~="chart"]')?.getAttribute('aria-busy')).toBe('false'), {
      timeout: 8000,
    });
    await expect(root.querySelectorAll('[part~="table"] tbody tr').length).toBe(365);
  },
};

export const Ended: Story = {
  parameters: { msw: { handlers: campaignHandlers(endedCampaign, endedHistory) } },
};

export const Upcoming: Story = {
  parameters: { msw: { handlers: campaignHandlers(upcomingCampaign, upcomingHistory) } },
};

export const WithoutItems: Story = {
  parameters: { msw: { handlers: campaignHandlers(withoutItemsCampaign, activeHistory) } },
};

/** 500 with a problem+json body: a readable message and a Retry button, never a blank box. */
export const ServerError: Story = {
  tags: ['network-error-expected'],
  parameters: { msw: { handlers: serverErrorHandlers } },
  play: async ({ canvasElement, globals }) => {
    const root = await shadowOf(canvasElement);
    await waitFor(() => expect(root.querySelector('[part~="retry"]')).toBeTruthy(), afterRetries);
    const retry = root.querySelector('[part~="retry"]')!;
    await expect(retry.tagName).toBe('BUTTON');
    await expect(retry.textContent?.trim()).toBe(messages[normalizeLang(String(globals.lang))].core.retry);
  },
};

/** 404 `campaign_not_found`: a translated message, not the server's `title`. */
export const NotFound: Story = {
  tags: ['network-error-expected'],
  args: { campaign: 'no-such-campaign' },
  parameters: { msw: { handlers: notFoundHandlers } },
  play: async ({ canvasElement, globals }) => {
    const root = await shadowOf(canvasElement);
    const message = messages[normalizeLang(String(globals.lang))]['donation-progress'].errors.campaign_not_found;
    await waitFor(() => expect(root.querySelector('[part~="error"]')?.textContent?.trim()).toBe(message));
    await expect(root.textContent).not.toContain('Not Found'); // the server's title is never shown raw
    await expect(root.querySelector('[part~="retry"]')).toBeNull(); // retrying cannot make a missing campaign appear
  },
};

/** The network fails outright (`HttpResponse.error()`), as on a phone that lost its signal. */
export const Offline: Story = {
  tags: ['network-error-expected'],
  parameters: { msw: { handlers: offlineHandlers } },
  play: async ({ canvasElement }) => {
    const root = await shadowOf(canvasElement);
    await waitFor(() => expect(root.querySelector('[part~="retry"]')).toBeTruthy(), afterRetries);
  },
};

/** A 200 whose body breaks the contract: the widget shows an error, it does not throw or render `NaN`. */
export const MalformedResponse: Story = {
  parameters: { msw: { handlers: malformedHandlers } },
  play: async ({ canvasElement }) => {
    const root = await shadowOf(canvasElement);
    await waitFor(() => expect(root.querySelector('[part~="error"]')).toBeTruthy());
    await expect(root.textContent).not.toMatch(/NaN|undefined|\[object Object\]/);
  },
};

/** A donation arrives every 1.5 s through the `progress` server-sent event, mocked by MSW's `sse()`. */
export const Live: Story = {
  parameters: { msw: { handlers: liveHandlers(activeCampaign, activeHistory) } },
  play: async ({ canvasElement }) => {
    const root = await shadowOf(canvasElement);
    const raisedText = () => root.querySelector('.raised')?.textContent;
    await waitFor(() => expect(raisedText()).toBeTruthy());
    const before = raisedText();
    await waitFor(() => expect(raisedText()).not.toBe(before), { timeout: 5000 });
  },
};

export const DarkTheme: Story = {
  globals: { theme: 'dark' },
};

/** A host page's brand colours and shape through the documented `--tadamon-*` custom properties. */
const brandTheme = {
  '--tadamon-color-accent': '#b4371f',
  '--tadamon-color-on-accent': '#ffffff',
  '--tadamon-color-surface': '#fffaf2',
  '--tadamon-color-border': '#e2c9a6',
  '--tadamon-radius': '2px',
  '--tadamon-font-family': "Georgia, 'DejaVu Serif', serif",
};

export const CustomTheme: Story = {
  decorators: [(story) => html`<div style=${styleMap(brandTheme)}>${story()}</div>`],
};
