import { assert, expect, fixture, html, oneEvent, waitUntil, aTimeout } from '@open-wc/testing';
import '../../src/donation-progress/index.js';
import type { TadamonDonationProgress } from '../../src/donation-progress/index.js';
import type { TadamonErrorEvent, TadamonLoadedEvent } from '../../src/core/events.js';
import type { Campaign } from '../../server/src/schemas/campaigns.js';
import { TadamonDonationProgress as WidgetClass } from '../../src/donation-progress/donation-progress.js';
import { defineElement } from '../../src/core/tadamon-element.js';
import { apiDefaults, clearEtagCache } from '../../src/core/api/client.js';
import { liveDefaults } from '../../src/core/api/live-controller.js';
import { donationProgressLocales } from '../../src/donation-progress/locales.js';
import {
  API,
  FakeEventSource,
  campaign,
  deferred,
  history,
  answering,
  fakeBackend,
  json,
  networkFailure,
  normalizeSpaces,
  problem,
  restoreOnline,
  setOnline,
  stubEventSource,
  unchecked,
  type FakeBackend,
} from './helpers.js';
import { campaignHandlers } from '../fake-backend/handlers.js';

const langs = ['ar', 'fr'] as const;
const CAMPAIGN_PATH = '/v1/campaigns/winter-blankets-tounfite';

/**
 * Makes `new Date()` and `Date.now()` say `iso` until the returned function is called: days left are counted on
 * the Moroccan calendar, so tests about them need a known hour.
 */
function freezeClock(iso: string) {
  const RealDate = Date;
  const frozen = RealDate.parse(iso);
  globalThis.Date = class extends RealDate {
    constructor(...args: [number?]) {
      super(args.length ? args[0]! : frozen);
    }
    static override now() {
      return frozen;
    }
  } as DateConstructor;
  return () => void (globalThis.Date = RealDate);
}

let unfreezeClock: (() => void) | undefined;

const part = (el: HTMLElement, name: string) => el.shadowRoot!.querySelector<HTMLElement>(`[part~="${name}"]`);
const text = (el: HTMLElement, name: string) => normalizeSpaces(part(el, name)?.textContent);

async function settled(el: TadamonDonationProgress) {
  await waitUntil(() => part(el, 'title') || part(el, 'error'), 'the widget never left its loading state', {
    timeout: 4000,
  });
  await el.updateComplete;
  return el;
}

function mount(lang: string, extra: { layout?: string; live?: string; donateless?: boolean } = {}) {
  return fixture<TadamonDonationProgress>(html`
    <tadamon-donation-progress
      api-base=${API}
      campaign="winter-blankets-tounfite"
      lang=${lang}
      layout=${extra.layout ?? 'compact'}
      live=${extra.live ?? 'off'}
    ></tadamon-donation-progress>
  `);
}

/** The fake backend holding `body` (and the fixtures' history). */
function serve(body: Campaign = campaign()) {
  return fakeBackend(...campaignHandlers(body, history()));
}

let fetchStub: FakeBackend | undefined;
let eventSourceStub: ReturnType<typeof stubEventSource>;
const defaults = { ...apiDefaults };
const live = { ...liveDefaults };

beforeEach(() => {
  clearEtagCache();
  Object.assign(apiDefaults, { retries: 0, retryBaseMs: 5, timeoutMs: 2000 });
  Object.assign(liveDefaults, { reconnectBaseMs: 5, pollIntervalMs: 30, maxStreamFailures: 3 });
  eventSourceStub = stubEventSource();
});

afterEach(() => {
  unfreezeClock?.();
  unfreezeClock = undefined;
  fetchStub?.restore();
  fetchStub = undefined;
  eventSourceStub.restore();
  Object.assign(apiDefaults, defaults);
  Object.assign(liveDefaults, live);
  restoreOnline();
});

describe('<tadamon-donation-progress>', () => {
  for (const lang of langs) {
    it(`is accessible in ${lang}`, async () => {
      fetchStub = serve();
      const el = await settled(await mount(lang, { layout: 'full' }));
      await waitUntil(
        () => el.shadowRoot!.querySelector('[part~="chart"]')?.getAttribute('aria-busy') === 'false',
        'chart never drawn',
        { timeout: 8000 },
      );
      await expect(el).to.be.accessible();
    });
  }

  it('French: shows the campaign with money, percentage and a readable progress bar', async () => {
    unfreezeClock = freezeClock('2026-01-10T10:00:00Z');
    fetchStub = serve(campaign({ endsAt: '2026-01-22T12:00:00Z' }));
    const el = await settled(await mount('fr'));
    assert.strictEqual(text(el, 'title'), 'Couvertures d’hiver pour Tounfite');
    assert.strictEqual(text(el, 'association'), 'Association Amal Atlas · Tounfite');
    const bar = part(el, 'bar')!;
    assert.strictEqual(bar.getAttribute('role'), 'progressbar');
    assert.strictEqual(bar.getAttribute('aria-valuemin'), '0');
    assert.strictEqual(bar.getAttribute('aria-valuemax'), '150000');
    assert.strictEqual(bar.getAttribute('aria-valuenow'), '12300');
    assert.strictEqual(
      normalizeSpaces(bar.getAttribute('aria-valuetext')),
      '12 300 MAD collectés sur 150 000 MAD, 8 %',
    );
    assert.include(text(el, 'stats'), '42 donateurs');
    assert.include(text(el, 'stats'), '12 jours restants');
    assert.include(text(el, 'items'), 'Couvertures');
    assert.include(text(el, 'items'), '320 / 500 couvertures');
  });

  it('Arabic: uses Arabic text, Western digits and Arabic plurals', async () => {
    fetchStub = serve(campaign({ donors: 2 }));
    const el = await settled(await mount('ar'));
    assert.strictEqual(text(el, 'title'), 'أغطية الشتاء لتونفيت');
    const valueText = part(el, 'bar')!.getAttribute('aria-valuetext')!;
    assert.include(valueText, 'تم جمع');
    assert.include(valueText, '12.300');
    assert.include(valueText, '150.000');
    assert.notMatch(valueText, /[٠-٩]/);
    assert.include(text(el, 'stats'), 'متبرعان');
  });

  for (const lang of langs) {
    it(`lays out ${lang === 'ar' ? 'right-to-left, filling the bar from the right' : 'left-to-right'} in ${lang}`, async () => {
      fetchStub = serve();
      const el = await settled(await mount(lang));
      assert.strictEqual(part(el, 'base')!.getAttribute('dir'), lang === 'ar' ? 'rtl' : 'ltr');
      const bar = part(el, 'bar')!.getBoundingClientRect();
      const fill = part(el, 'fill')!.getBoundingClientRect();
      assert.isAbove(fill.width, 0);
      assert.isBelow(fill.width, bar.width / 2);
      if (lang === 'ar') assert.isBelow(Math.abs(fill.right - bar.right), 1);
      else assert.isBelow(Math.abs(fill.left - bar.left), 1);
    });
  }

  for (const lang of langs) {
    it(`shows a loading state while the answer is slow, then the content (${lang})`, async () => {
      const answer = deferred<Response>();
      fetchStub = answering(() => answer.promise);
      const el = await mount(lang);
      await aTimeout(50);
      assert.strictEqual(part(el, 'base')!.getAttribute('aria-busy'), 'true');
      await waitUntil(() => el.shadowRoot!.querySelector('[role="status"] .visually-hidden')?.textContent?.trim());
      assert.strictEqual(part(el, 'title'), null);
      answer.resolve(json(campaign()));
      await settled(el);
      assert.strictEqual(part(el, 'base')!.getAttribute('aria-busy'), 'false');
    });
  }

  it('celebrates a reached goal (fr and ar)', async () => {
    fetchStub = serve(campaign({ raised: 15_500_000 }));
    const fr = await settled(await mount('fr'));
    assert.strictEqual(text(fr, 'status'), 'Objectif atteint, merci !');
    assert.strictEqual(part(fr, 'status')!.classList.contains('celebrate'), true);
    assert.include(normalizeSpaces(part(fr, 'bar')!.getAttribute('aria-valuetext')), '103 %');
    assert.strictEqual(part(fr, 'bar')!.getAttribute('aria-valuenow'), '150000');
    const ar = await settled(await mount('ar'));
    assert.strictEqual(text(ar, 'status'), 'تم بلوغ الهدف، شكرًا لكم!');
  });

  for (const lang of langs) {
    it(`shows an ended campaign without a Donate link (${lang})`, async () => {
      fetchStub = serve(campaign({ status: 'ended', endsAt: new Date(Date.now() - 86_400_000).toISOString() }));
      const el = await settled(await mount(lang));
      assert.strictEqual(text(el, 'status'), lang === 'ar' ? 'انتهت الحملة' : 'Campagne terminée');
      assert.strictEqual(part(el, 'donate'), null);
    });

    it(`shows when an upcoming campaign starts (${lang})`, async () => {
      // 23:30 in Morocco (UTC+1 in January); it starts on the 14th at 09:00, four calendar days later.
      unfreezeClock = freezeClock('2026-01-10T22:30:00Z');
      fetchStub = serve(campaign({ status: 'upcoming', startsAt: '2026-01-14T08:00:00Z' }));
      const el = await settled(await mount(lang, { layout: 'full' }));
      assert.strictEqual(text(el, 'status'), lang === 'ar' ? 'قريبًا' : 'À venir');
      assert.include(text(el, 'stats'), lang === 'ar' ? 'تبدأ خلال 4 أيام' : 'Commence dans 4 jours');
      assert.strictEqual(part(el, 'donate'), null);
      assert.strictEqual(part(el, 'chart'), null, 'no empty chart area before the campaign starts');
    });

    it(`shows "ends today" all through the last Moroccan day, an end at midnight included (${lang})`, async () => {
      // 00:30 on 11 January in Morocco (23:30 on the 10th in UTC); the campaign ends at midnight after the 11th.
      unfreezeClock = freezeClock('2026-01-10T23:30:00Z');
      fetchStub = serve(campaign({ endsAt: '2026-01-11T23:00:00Z' }));
      const el = await settled(await mount(lang));
      assert.include(text(el, 'stats'), lang === 'ar' ? 'تنتهي اليوم' : 'Se termine aujourd’hui');
    });

    it(`counts days left in Moroccan calendar days, not 24-hour windows (${lang})`, async () => {
      // 23:30 on 10 January in Morocco. Ending tomorrow at 11:00 is not "today" though less than 24 hours away,
      // and ending at 01:00 on the 13th leaves the 11th, 12th and 13th.
      unfreezeClock = freezeClock('2026-01-10T22:30:00Z');
      fetchStub = serve(campaign({ endsAt: '2026-01-11T10:00:00Z' }));
      const tomorrow = await settled(await mount(lang));
      assert.include(text(tomorrow, 'stats'), lang === 'ar' ? 'يوم واحد متبقٍّ' : '1 jour restant');
      fetchStub.restore();
      fetchStub = serve(campaign({ endsAt: '2026-01-13T00:00:00Z' }));
      const later = await settled(await mount(lang));
      assert.include(text(later, 'stats'), lang === 'ar' ? '3 أيام متبقية' : '3 jours restants');
    });

    it(`rounds the percentage down: 99.6 % is "99 %", 100 % only once reached (${lang})`, async () => {
      fetchStub = serve(campaign({ raised: 14_940_000 }));
      const el = await settled(await mount(lang));
      const percent = normalizeSpaces(el.shadowRoot!.querySelector('.percent')!.textContent);
      assert.match(percent, /^99 ?%$/u);
      assert.match(normalizeSpaces(part(el, 'bar')!.getAttribute('aria-valuetext')), /99 ?%$/u);
      assert.notInclude(text(el, 'status'), lang === 'ar' ? 'بلوغ' : 'atteint');
      fetchStub.restore();
      fetchStub = serve(campaign({ raised: 15_000_000 }));
      const reached = await settled(await mount(lang));
      assert.match(normalizeSpaces(reached.shadowRoot!.querySelector('.percent')!.textContent), /^100 ?%$/u);
    });

    it(`shows a server error with a Retry button that works (${lang})`, async () => {
      let calls = 0;
      fetchStub = answering(() => (++calls === 1 ? problem(503, 'unavailable') : json(campaign())));
      const el = await mount(lang);
      const error = await oneEvent<TadamonErrorEvent>(el, 'tadamon-error');
      assert.deepEqual(error.detail, { code: 'unavailable', status: 503 });
      await settled(el);
      assert.strictEqual(part(el, 'error')!.getAttribute('role'), 'alert');
      // An unknown code falls back to its status family's message, not to a generic one.
      assert.include(text(el, 'error'), lang === 'ar' ? 'حدث خطأ في الخادم.' : 'Le serveur a rencontré une erreur.');
      assert.notInclude(text(el, 'error'), 'internal detail');
      const loaded = oneEvent<TadamonLoadedEvent<Campaign>>(el, 'tadamon-loaded');
      part(el, 'retry')!.click();
      assert.strictEqual((await loaded).detail.id, 'winter-blankets-tounfite');
      await el.updateComplete;
      assert.exists(part(el, 'title'));
      assert.strictEqual(part(el, 'error'), null);
    });

    it(`shows "campaign not found" without a Retry button (${lang})`, async () => {
      fetchStub = answering(() => problem(404, 'campaign_not_found'));
      const el = await mount(lang);
      const error = await oneEvent<TadamonErrorEvent>(el, 'tadamon-error');
      assert.strictEqual(error.detail.code, 'campaign_not_found');
      await settled(el);
      assert.include(
        text(el, 'error'),
        lang === 'ar' ? 'لم يتم العثور على هذه الحملة' : 'Cette campagne est introuvable',
      );
      assert.strictEqual(part(el, 'retry'), null);
    });

    it(`shows an offline state, then loads when the connection returns (${lang})`, async () => {
      setOnline(false);
      let online = false;
      fetchStub = answering(() => (online ? json(campaign()) : networkFailure()));
      const el = await settled(await mount(lang));
      assert.include(text(el, 'error'), lang === 'ar' ? 'أنت غير متصل بالإنترنت' : 'Vous êtes hors ligne');
      online = true;
      setOnline(true);
      await waitUntil(() => part(el, 'title'), 'did not reload when back online');
    });

    it(`tells the integrator that api-base is missing (${lang})`, async () => {
      const el = await fixture<TadamonDonationProgress>(
        html`<tadamon-donation-progress campaign="x" lang=${lang}></tadamon-donation-progress>`,
      );
      await waitUntil(() => part(el, 'error'));
      assert.include(text(el, 'error'), 'api-base');
      assert.include(text(el, 'error'), lang === 'ar' ? 'إعداد ناقص' : 'Configuration incomplète');
    });

    it(`reads the error of a malformed answer instead of crashing (${lang})`, async () => {
      const bodies: (() => Response)[] = [
        () => json(campaign({ raised: '12' as unknown as number })),
        () => json({ ...campaign(), title: undefined }),
        () => json({ ...campaign(), status: 'paused' }),
        () => json(null),
        () => new Response('<html><body>502 Bad Gateway</body></html>', { headers: { 'Content-Type': 'text/html' } }),
      ].map((body) => () => unchecked(body(), 'a malformed answer, on purpose'));
      for (const body of bodies) {
        fetchStub?.restore();
        fetchStub = answering(body);
        const el = await mount(lang);
        const error = await oneEvent<TadamonErrorEvent>(el, 'tadamon-error');
        assert.strictEqual(error.detail.code, 'malformed_response');
        await settled(el);
        assert.include(
          text(el, 'error'),
          lang === 'ar' ? 'أرسل الخادم ردًّا تعذّرت قراءته.' : 'Le serveur a envoyé une réponse illisible.',
        );
        assert.exists(part(el, 'retry'));
      }
    });

    it(`gives up on a server that never answers (${lang})`, async () => {
      apiDefaults.timeoutMs = 100;
      fetchStub = answering(() => new Promise<Response>(() => {}));
      const el = await settled(await mount(lang));
      assert.include(
        text(el, 'error'),
        lang === 'ar' ? 'استغرق الخادم وقتًا طويلًا للرد.' : 'Le serveur met trop de temps à répondre.',
      );
    });
  }

  it('keeps its skeleton, never raw keys, while its strings cannot be downloaded, and tries again', async () => {
    // Tamazight is not loaded by any other test in this file: its chunk "fails to download" until told otherwise.
    const download = donationProgressLocales.zgh;
    let attempts = 0;
    let failing = true;
    donationProgressLocales.zgh = () => {
      attempts++;
      return failing ? Promise.reject(new TypeError('Failed to fetch dynamically imported module')) : download();
    };
    try {
      fetchStub = serve();
      const el = await mount('zgh');
      await waitUntil(() => attempts === 1 && fetchStub!.calls.length === 1);
      await aTimeout(50);
      const shown = () => normalizeSpaces(el.shadowRoot!.textContent);
      assert.exists(el.shadowRoot!.querySelector('.skeleton'));
      assert.strictEqual(part(el, 'base')!.getAttribute('aria-busy'), 'true');
      assert.notMatch(shown(), /errors\.|status\.|donate|raisedOf/);

      // The next render tries again.
      el.requestUpdate();
      await waitUntil(() => attempts === 2, 'no new attempt on the next render');
      assert.exists(el.shadowRoot!.querySelector('.skeleton'));

      // So does the network coming back.
      failing = false;
      const before = attempts;
      setOnline(true);
      await waitUntil(() => part(el, 'title'), 'never rendered once its strings arrived');
      assert.isAbove(attempts, before);
      assert.notMatch(shown(), /errors\.|status\.|raisedOf/);
    } finally {
      donationProgressLocales.zgh = download;
    }
  });

  it('shows in-kind items only when the campaign has some', async () => {
    fetchStub = serve(campaign({ items: undefined }));
    const el = await settled(await mount('fr'));
    assert.strictEqual(part(el, 'items'), null);
    fetchStub.restore();
    fetchStub = serve();
    const withItems = await settled(await mount('fr'));
    const itemBar = part(withItems, 'item')!.querySelector('[role="progressbar"]')!;
    assert.strictEqual(itemBar.getAttribute('aria-label'), 'Couvertures');
    assert.strictEqual(itemBar.getAttribute('aria-valuetext'), '320 reçus sur 500 couvertures');
  });

  it('marks reached milestones on the bar and lists them in the full layout', async () => {
    fetchStub = serve();
    const el = await settled(await mount('fr', { layout: 'full' }));
    const markers = [...el.shadowRoot!.querySelectorAll('.marker')];
    assert.deepEqual(
      markers.map((marker) => marker.classList.contains('reached')),
      [true, false],
    );
    assert.include(text(el, 'milestones'), '100 premières couvertures (atteint)');
    assert.include(text(el, 'milestones'), 'La moitié (pas encore atteint)');
  });

  for (const lang of langs) {
    it(`lays out the bar, amounts and milestones cleanly on a 390 px phone (${lang})`, async () => {
      const milestones = [
        {
          amount: 1_000_000,
          label: { ar: 'أول 100 غطاء لأسر أنفكو', fr: '100 premières couvertures pour les familles d’Anefgou' },
        },
        {
          amount: 14_900_000,
          label: { ar: 'معطف شتوي لكل طفل متمدرس', fr: 'Un manteau pour chaque enfant scolarisé' },
        },
        {
          amount: 15_000_000,
          label: { ar: 'مدافئ الحطب لأربعين مدرسة فرعية', fr: 'Des poêles à bois pour quarante écoles satellites' },
        },
      ];
      fetchStub = serve(campaign({ raised: 12_575_000, milestones }));
      // A 390 px screen less the page's margins.
      const wrapper = await fixture<HTMLElement>(
        html`<div style="inline-size: 358px">
          <tadamon-donation-progress api-base=${API} campaign="winter-blankets-tounfite" lang=${lang} live="off">
          </tadamon-donation-progress>
        </div>`,
      );
      const el = await settled(wrapper.querySelector('tadamon-donation-progress')!);
      const rect = (element: Element) => element.getBoundingClientRect();
      const bar = rect(part(el, 'bar')!);

      // No tick at the goal (the bar's end is the goal), and none sticks out past either end.
      const markers = [...el.shadowRoot!.querySelectorAll('.marker')].map(rect);
      assert.lengthOf(markers, 2);
      for (const marker of markers) {
        assert.isAtLeast(marker.left, bar.left - 0.5);
        assert.isAtMost(marker.right, bar.right + 0.5);
      }

      // The percentage stays on the first line, next to the amount raised, and the amounts are clear of the ticks.
      const raised = rect(el.shadowRoot!.querySelector('.raised')!);
      const percent = rect(el.shadowRoot!.querySelector('.percent')!);
      assert.isBelow(percent.top, raised.bottom, 'the percentage did not wrap onto a line of its own');
      assert.isAtLeast(raised.top - Math.max(bar.bottom, ...markers.map((marker) => marker.bottom)), 6);

      // Each milestone's amount sits at its row's end, on the label's first line, however long the label.
      for (const item of el.shadowRoot!.querySelectorAll('.milestone')) {
        const row = rect(item);
        const amount = rect(item.querySelector(':scope > .muted')!);
        assert.isBelow(amount.top, row.top + amount.height, 'the amount did not drop below its label');
        if (lang === 'ar') assert.isBelow(Math.abs(amount.left - row.left), 1);
        else assert.isBelow(Math.abs(amount.right - row.right), 1);
      }
    });
  }

  it('writes history dates as Moroccan days, wherever the visitor is', async () => {
    // Midnight in Morocco (UTC+1 in January) is 23:00 UTC the day before: the visitor here is on UTC.
    fetchStub = answering((url) =>
      url.pathname.endsWith('/history')
        ? json({
            currency: 'MAD',
            points: [
              { at: '2026-01-09T23:00:00Z', raised: 200_000 },
              { at: '2026-01-10T23:00:00Z', raised: 700_000 },
            ],
          })
        : json(campaign()),
    );
    const el = await settled(await mount('fr', { layout: 'full' }));
    await waitUntil(() => el.shadowRoot!.querySelector('[part~="table"] tbody tr'), 'no table');
    const rows = [...el.shadowRoot!.querySelectorAll('[part~="table"] tbody tr')];
    assert.include(normalizeSpaces(rows[0].textContent), '10 janv. 2026');
    assert.include(normalizeSpaces(rows[1].textContent), '11 janv. 2026');
    assert.include(el.shadowRoot!.querySelector('canvas')!.getAttribute('aria-label'), '10 janv.');
  });

  it('applies live updates from the event stream and ignores malformed ones', async () => {
    fetchStub = serve();
    const el = await settled(await mount('fr', { live: 'on' }));
    await waitUntil(() => FakeEventSource.instances.length === 1);
    const stream = FakeEventSource.instances[0];
    assert.strictEqual(stream.url, `${API}/campaigns/winter-blankets-tounfite/events`);
    stream.open();
    stream.emit('progress', { ...campaign(), raised: 7_500_000, donors: 43, updatedAt: new Date().toISOString() });
    await el.updateComplete;
    assert.include(normalizeSpaces(part(el, 'bar')!.getAttribute('aria-valuetext')), '75 000 MAD');
    assert.include(normalizeSpaces(part(el, 'bar')!.getAttribute('aria-valuetext')), '50 %');
    stream.emit('progress', '{"raised": "lots"');
    stream.emit('progress', { raised: 'lots' });
    await el.updateComplete;
    assert.include(text(el, 'stats'), '43 donateurs');
    el.remove();
    assert.strictEqual(stream.closed, true);
  });

  it('pauses live updates while the tab is hidden and resumes when visible', async () => {
    fetchStub = serve();
    await settled(await mount('fr', { live: 'on' }));
    await waitUntil(() => FakeEventSource.instances.length === 1);
    const setVisibility = (state: DocumentVisibilityState) => {
      Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => state });
      document.dispatchEvent(new Event('visibilitychange'));
    };
    try {
      setVisibility('hidden');
      assert.isTrue(FakeEventSource.instances[0].closed);
      assert.lengthOf(FakeEventSource.instances, 1);
      setVisibility('visible');
      // The stream module is already loaded; it opens at the next microtask.
      await waitUntil(() => FakeEventSource.instances.length === 2);
      assert.isFalse(FakeEventSource.instances[1].closed);
    } finally {
      delete (document as { visibilityState?: string }).visibilityState;
    }
  });

  it('falls back to polling with ETag when the stream keeps failing', async () => {
    let version = 1;
    fetchStub = answering((_url, call) => {
      if (call.headers.get('If-None-Match') === `"v${version}"`) return new Response(null, { status: 304 });
      return json(campaign({ raised: version === 1 ? 1_230_000 : 9_000_000 }), 200, { ETag: `"v${version}"` });
    });
    const el = await settled(await mount('fr', { live: 'on' }));
    for (let failures = 0; failures < liveDefaults.maxStreamFailures; failures++) {
      await waitUntil(() => FakeEventSource.instances.length === failures + 1, 'no reconnection');
      FakeEventSource.instances[failures].fail();
    }
    await waitUntil(() => fetchStub!.calls.some((call) => call.headers.get('If-None-Match') === '"v1"'), 'no poll');
    assert.strictEqual(fetchStub.calls[0].url.pathname, CAMPAIGN_PATH);
    version = 2;
    await waitUntil(() => text(el, 'progress').includes('90 000'), 'poll result not applied');
  });

  it('goes back from polling to the event stream once it opens again', async () => {
    liveDefaults.streamRetryMs = 150;
    fetchStub = serve();
    const el = await settled(await mount('fr', { live: 'on' }));
    for (let failures = 0; failures < liveDefaults.maxStreamFailures; failures++) {
      await waitUntil(() => FakeEventSource.instances.length === failures + 1, 'no reconnection');
      FakeEventSource.instances[failures].fail();
    }
    await waitUntil(() => fetchStub!.calls.length > 1, 'no poll after the stream failed');
    // The stream is tried again while polling, and takes over when it opens.
    await waitUntil(() => FakeEventSource.instances.length === 4, 'the stream was never tried again', {
      timeout: 2000,
    });
    const stream = FakeEventSource.instances[3];
    stream.open();
    stream.emit('progress', { ...campaign(), raised: 9_000_000, updatedAt: new Date().toISOString() });
    await waitUntil(() => text(el, 'progress').includes('90 000'), 'the stream’s update was not applied');
    const polls = fetchStub.calls.length;
    await aTimeout(liveDefaults.pollIntervalMs * 4);
    assert.strictEqual(fetchStub.calls.length, polls, 'polling stopped once the stream was back');
    assert.isFalse(stream.closed);
  });

  it('polls at once when the server refuses the stream (503: too many open), and tries the stream later', async () => {
    liveDefaults.streamRetryMs = 200;
    fetchStub = serve();
    await settled(await mount('fr', { live: 'on' }));
    await waitUntil(() => FakeEventSource.instances.length === 1);
    // An HTTP error closes an EventSource for good (a dropped connection leaves it reconnecting).
    const refused = FakeEventSource.instances[0];
    refused.readyState = 2;
    refused.fail();
    await waitUntil(() => fetchStub!.calls.length > 1, 'no poll after the refusal');
    assert.lengthOf(FakeEventSource.instances, 1, 'no reconnection storm against a full server');
    await waitUntil(() => FakeEventSource.instances.length === 2, 'the stream was never tried again', {
      timeout: 2000,
    });
  });

  it('opens the Donate page in a new tab and lets the host cancel it', async () => {
    fetchStub = serve();
    const el = await settled(await mount('fr'));
    const link = part(el, 'donate') as HTMLAnchorElement;
    assert.strictEqual(link.getAttribute('href'), 'https://amal-atlas.example/don');
    assert.strictEqual(link.target, '_blank');
    assert.strictEqual(link.rel, 'noopener noreferrer');
    assert.strictEqual(normalizeSpaces(link.textContent), 'Faire un don (s’ouvre dans un nouvel onglet)');
    el.addEventListener('tadamon-donate-click', (event) => event.preventDefault(), { once: true });
    const clicked = oneEvent(el, 'tadamon-donate-click');
    link.click();
    const event = await clicked;
    assert.deepEqual(event.detail, { campaign: 'winter-blankets-tounfite', url: 'https://amal-atlas.example/don' });
    assert.strictEqual(event.defaultPrevented, true);
  });

  it('never turns a javascript: donate URL into a link', async () => {
    fetchStub = serve(campaign({ donateUrl: 'javascript:alert(1)' }));
    const el = await settled(await mount('fr'));
    assert.strictEqual(part(el, 'donate'), null);
    assert.strictEqual(el.shadowRoot!.querySelector('a'), null);
  });

  it('renders hostile backend strings as inert text', async () => {
    const hostile = '<img src=x onerror="window.__tadamonXss=1"><script>window.__tadamonXss=2</script>';
    fetchStub = serve(
      campaign({
        title: hostile,
        association: { id: 'a', name: { fr: hostile }, city: '<b>Fès</b>' },
        items: [{ id: 'i', label: hostile, unit: '<i>u</i>', needed: 2, received: 1 }],
      }),
    );
    const el = await settled(await mount('fr', { layout: 'full' }));
    await aTimeout(50);
    assert.strictEqual(text(el, 'title'), hostile);
    assert.include(text(el, 'association'), '<b>Fès</b>');
    assert.strictEqual(el.shadowRoot!.querySelector('img, script, b, i'), null);
    assert.strictEqual((window as { __tadamonXss?: number }).__tadamonXss, undefined);
  });

  it('fires tadamon-loaded with the campaign', async () => {
    fetchStub = serve();
    const el = mount('fr');
    const loaded = await oneEvent<TadamonLoadedEvent<Campaign>>(await el, 'tadamon-loaded');
    assert.strictEqual(loaded.detail.goal, 15_000_000);
    assert.strictEqual(loaded.bubbles && loaded.composed, true);
  });

  it('follows the language of its nearest ancestor, normalising ar-MA', async () => {
    fetchStub = serve();
    const wrapper = await fixture<HTMLElement>(
      html`<div lang="ar-MA">
        <tadamon-donation-progress api-base=${API} campaign="winter-blankets-tounfite" layout="compact" live="off">
        </tadamon-donation-progress>
      </div>`,
    );
    const el = await settled(wrapper.querySelector('tadamon-donation-progress')!);
    assert.strictEqual(part(el, 'base')!.getAttribute('dir'), 'rtl');
    assert.strictEqual(part(el, 'base')!.getAttribute('lang'), 'ar');
    wrapper.setAttribute('lang', 'en');
    el.requestUpdate();
    await waitUntil(() => text(el, 'title') === 'Winter blankets for Tounfite');
    assert.strictEqual(part(el, 'base')!.getAttribute('dir'), 'ltr');
  });

  it('reports a missing api-base to the host page', async () => {
    const el = document.createElement('tadamon-donation-progress');
    el.campaign = 'x';
    el.lang = 'fr';
    const error = oneEvent<TadamonErrorEvent>(el, 'tadamon-error');
    document.body.append(el);
    try {
      assert.deepEqual((await error).detail, { code: 'missing_api_base', status: 0 });
    } finally {
      el.remove();
    }
  });

  it('loads another campaign when the attribute changes, without showing the old one', async () => {
    const next = deferred<Response>();
    fetchStub = answering((url) => (url.pathname.endsWith('/other') ? next.promise : json(campaign())));
    const el = await settled(await mount('fr'));
    el.campaign = 'other';
    await el.updateComplete;
    assert.strictEqual(part(el, 'title'), null);
    next.resolve(json(campaign({ id: 'other', title: 'Autre campagne' })));
    await waitUntil(() => text(el, 'title') === 'Autre campagne');
  });

  it('aborts when detached and reloads when attached again', async () => {
    fetchStub = serve();
    const el = await settled(await mount('fr'));
    const parent = el.parentElement!;
    el.remove();
    parent.append(el);
    await waitUntil(() => fetchStub!.calls.length >= 2, 'did not reload after reattaching', { timeout: 4000 });
    await settled(el);
  });

  it('can be defined twice without throwing', () => {
    assert.doesNotThrow(() => defineElement('tadamon-donation-progress', WidgetClass));
    const warn = console.warn;
    let warned = false;
    console.warn = () => (warned = true);
    try {
      assert.doesNotThrow(() => defineElement('tadamon-donation-progress', class extends WidgetClass {}));
    } finally {
      console.warn = warn;
    }
    assert.strictEqual(warned, true);
    assert.strictEqual(customElements.get('tadamon-donation-progress'), WidgetClass);
  });
});
