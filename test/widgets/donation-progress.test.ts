import { assert, expect, fixture, html, oneEvent, waitUntil, aTimeout } from '@open-wc/testing';
import '../../src/donation-progress/index.js';
import type { TadamonDonationProgress } from '../../src/donation-progress/index.js';
import type { TadamonErrorEvent, TadamonLoadedEvent } from '../../src/core/events.js';
import type { Campaign } from '../../server/src/schemas/campaigns.js';
import { TadamonDonationProgress as WidgetClass } from '../../src/donation-progress/donation-progress.js';
import { defineElement } from '../../src/core/tadamon-element.js';
import { apiDefaults, clearEtagCache } from '../../src/core/api/client.js';
import { liveDefaults } from '../../src/core/api/live-controller.js';
import {
  API,
  FakeEventSource,
  campaign,
  deferred,
  history,
  json,
  normalizeSpaces,
  problem,
  restoreOnline,
  setOnline,
  stubEventSource,
  stubFetch,
} from './helpers.js';

const langs = ['ar', 'fr'] as const;
const CAMPAIGN_PATH = '/v1/campaigns/winter-blankets-tounfite';

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

/** Answers the campaign (and its history) from fixtures. */
function serve(body: unknown = campaign()) {
  return stubFetch((url) => (url.pathname.endsWith('/history') ? json(history()) : json(body)));
}

let fetchStub: ReturnType<typeof stubFetch> | undefined;
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
      await waitUntil(() => el.shadowRoot!.querySelector('canvas'), 'chart area never filled');
      await expect(el).to.be.accessible();
    });
  }

  it('French: shows the campaign with money, percentage and a readable progress bar', async () => {
    fetchStub = serve();
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
      fetchStub = stubFetch(() => answer.promise);
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
      fetchStub = serve(
        campaign({ status: 'upcoming', startsAt: new Date(Date.now() + 3 * 86_400_000 + 60_000).toISOString() }),
      );
      const el = await settled(await mount(lang, { layout: 'full' }));
      assert.strictEqual(text(el, 'status'), lang === 'ar' ? 'قريبًا' : 'À venir');
      assert.include(text(el, 'stats'), lang === 'ar' ? 'تبدأ خلال 4 أيام' : 'Commence dans 4 jours');
      assert.strictEqual(part(el, 'donate'), null);
      assert.strictEqual(part(el, 'chart'), null, 'no empty chart area before the campaign starts');
    });

    it(`shows "ends today" on the last day (${lang})`, async () => {
      fetchStub = serve(campaign({ endsAt: new Date(Date.now() + 3_600_000).toISOString() }));
      const el = await settled(await mount(lang));
      assert.include(text(el, 'stats'), lang === 'ar' ? 'تنتهي اليوم' : 'Se termine aujourd’hui');
    });

    it(`shows a server error with a Retry button that works (${lang})`, async () => {
      let calls = 0;
      fetchStub = stubFetch(() => (++calls === 1 ? problem(503, 'unavailable') : json(campaign())));
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
      fetchStub = stubFetch(() => problem(404, 'campaign_not_found'));
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
      fetchStub = stubFetch(() => (online ? json(campaign()) : Promise.reject(new TypeError('Failed to fetch'))));
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
      ];
      for (const body of bodies) {
        fetchStub?.restore();
        fetchStub = stubFetch(body);
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
      fetchStub = stubFetch(() => new Promise<Response>(() => {}));
      const el = await settled(await mount(lang));
      assert.include(
        text(el, 'error'),
        lang === 'ar' ? 'استغرق الخادم وقتًا طويلًا للرد.' : 'Le serveur met trop de temps à répondre.',
      );
    });
  }

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
      assert.lengthOf(FakeEventSource.instances, 2);
      assert.isFalse(FakeEventSource.instances[1].closed);
    } finally {
      delete (document as { visibilityState?: string }).visibilityState;
    }
  });

  it('falls back to polling with ETag when the stream keeps failing', async () => {
    let version = 1;
    fetchStub = stubFetch((_url, call) => {
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
    fetchStub = stubFetch((url) => (url.pathname.endsWith('/other') ? next.promise : json(campaign())));
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
    await waitUntil(() => fetchStub!.calls.length === 2, 'did not reload after reattaching');
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
