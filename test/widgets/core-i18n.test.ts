import { assert, fixture, html, waitUntil } from '@open-wc/testing';
import { getI18n, loadLocale, normalizeLang, pickText } from '../../src/core/i18n/i18n.js';
import { formatMoney, formatPercent, minorUnitsPerMajor, percentReached } from '../../src/core/i18n/money.js';
import { calendarDaysBetween, moroccoTimeZone } from '../../src/core/i18n/dates.js';
import { LocalizeController } from '../../src/core/i18n/localize-controller.js';
import { TadamonElement, defineElement } from '../../src/core/tadamon-element.js';
import { donationProgressLocales } from '../../src/donation-progress/locales.js';
import { normalizeSpaces } from './helpers.js';

describe('pickText', () => {
  it('prefers the requested language, then fr, ar, en, then any', () => {
    assert.strictEqual(pickText({ ar: 'مرحبا', fr: 'Bonjour' }, 'ar'), 'مرحبا');
    assert.strictEqual(pickText({ ar: 'مرحبا', fr: 'Bonjour', en: 'Hello' }, 'zgh'), 'Bonjour');
    assert.strictEqual(pickText({ ar: 'مرحبا', en: 'Hello' }, 'fr'), 'مرحبا');
    assert.strictEqual(pickText({ en: 'Hello' }, 'ar'), 'Hello');
    assert.strictEqual(pickText({ es: 'Hola' }, 'fr'), 'Hola');
    assert.strictEqual(pickText({ fr: '', en: 'Hello' }, 'fr'), 'Hello');
    assert.strictEqual(pickText('Tout le monde', 'ar'), 'Tout le monde');
    assert.strictEqual(pickText(undefined, 'ar'), '');
  });
});

describe('normalizeLang', () => {
  it('keeps the primary subtag of supported languages and falls back to French', () => {
    assert.strictEqual(normalizeLang('ar-MA'), 'ar');
    assert.strictEqual(normalizeLang('FR'), 'fr');
    assert.strictEqual(normalizeLang('zgh-Tfng'), 'zgh');
    assert.strictEqual(normalizeLang('de'), 'fr');
    assert.strictEqual(normalizeLang(''), 'fr');
  });
});

describe('money and percentages', () => {
  it('formats minor units with the currency’s own digits', () => {
    assert.strictEqual(normalizeSpaces(formatMoney('fr', 1_230_000, 'MAD')), '12 300 MAD');
    assert.strictEqual(normalizeSpaces(formatMoney('fr', 1_230_050, 'MAD')), '12 300,50 MAD');
    assert.strictEqual(minorUnitsPerMajor('JPY'), 1);
    assert.strictEqual(minorUnitsPerMajor('KWD'), 1000);
    assert.strictEqual(normalizeSpaces(formatMoney('en', 1_234, 'KWD')), 'KWD 1.234');
    assert.strictEqual(normalizeSpaces(formatMoney('en', 500, 'JPY')), '¥500');
  });

  it('writes Arabic amounts with Western digits', () => {
    const amount = formatMoney('ar', 1_230_000, 'MAD');
    assert.include(amount, '12.300');
    assert.notMatch(amount, /[٠-٩]/);
    assert.include(formatPercent('ar', 0.08), '8');
  });
});

describe('the library i18next instance', () => {
  it('is not the page’s global instance and handles Arabic plurals', async () => {
    await loadLocale('ar', donationProgressLocales);
    const t = getI18n().getFixedT('ar', 'donation-progress');
    assert.strictEqual(t('donors', { count: 0, formatted: '0' }), 'لا متبرعين بعد');
    assert.strictEqual(t('donors', { count: 1, formatted: '1' }), 'متبرع واحد');
    assert.strictEqual(t('donors', { count: 2, formatted: '2' }), 'متبرعان');
    assert.strictEqual(t('donors', { count: 5, formatted: '5' }), '5 متبرعين');
    assert.strictEqual(t('donors', { count: 11, formatted: '11' }), '11 متبرعًا');
    assert.strictEqual(t('donors', { count: 100, formatted: '100' }), '100 متبرع');
    assert.strictEqual(getI18n().dir('ar'), 'rtl');
  });

  it('has the same keys in every locale, in every file', async () => {
    const flatten = (value: unknown, prefix = ''): string[] =>
      typeof value === 'object' && value
        ? Object.entries(value).flatMap(([key, child]) => flatten(child, `${prefix}${key}.`))
        : [prefix.replace(/_(zero|one|two|few|many|other)\.$/, '').replace(/\.$/, '')];
    const keys = async (file: string) =>
      [...new Set(flatten(((await import(`../../src/locales/${file}.json`)) as { default: unknown }).default))].sort();
    for (const prefix of ['', 'donation-progress-', 'volunteer-signup-']) {
      const french = await keys(`${prefix}fr`);
      for (const lang of ['ar', 'en', 'zgh']) assert.deepEqual(await keys(`${prefix}${lang}`), french, prefix + lang);
    }
  });
});

describe('LocalizeController', () => {
  class LangProbe extends TadamonElement {
    readonly localize = new LocalizeController(this, 'donation-progress', donationProgressLocales);
    resolutions = 0;

    override get resolvedLang() {
      this.resolutions++;
      return super.resolvedLang;
    }

    protected override render() {
      return html`${Array.from({ length: 20 }, () => html`<p>${this.localize.t('donate')}</p>`)}`;
    }
  }
  defineElement('tadamon-test-lang-probe', LangProbe);

  it('finds the language once per update, not once per string', async () => {
    const wrapper = await fixture<HTMLElement>(
      html`<section lang="fr">
        <div><tadamon-test-lang-probe></tadamon-test-lang-probe></div>
      </section>`,
    );
    const probe = wrapper.querySelector<LangProbe>('tadamon-test-lang-probe')!;
    await waitUntil(() => probe.shadowRoot!.textContent?.includes('Faire un don'));
    probe.resolutions = 0;
    probe.requestUpdate();
    await probe.updateComplete;
    assert.strictEqual(probe.resolutions, 1);

    wrapper.setAttribute('lang', 'ar');
    probe.requestUpdate();
    await waitUntil(() => probe.shadowRoot!.textContent?.includes('تبرّع'), 'did not follow the new language');
  });
});

describe('percentages, days and time zones', () => {
  it('rounds percentages down and says 100 only once reached', () => {
    assert.strictEqual(percentReached(14_940_000, 15_000_000), 99);
    assert.strictEqual(percentReached(14_999_999, 15_000_000), 99);
    assert.strictEqual(percentReached(29, 100), 29, 'not 28 from 0.29 × 100 = 28.999…');
    assert.strictEqual(percentReached(15_000_000, 15_000_000), 100);
    assert.strictEqual(percentReached(15_500_000, 15_000_000), 103);
    assert.strictEqual(percentReached(0, 0), 0);
    assert.strictEqual(percentReached(5, 0), 100);
  });

  it('counts calendar days in Morocco, across its Ramadan change of hour', () => {
    const days = (from: string, to: string) => calendarDaysBetween(new Date(from), new Date(to));
    // 23:30 and 00:30 in Morocco (UTC+1): one calendar day apart, one hour apart.
    assert.strictEqual(days('2026-01-10T22:30:00Z', '2026-01-10T23:30:00Z'), 1);
    assert.strictEqual(days('2026-01-10T23:30:00Z', '2026-01-11T22:59:00Z'), 0);
    assert.strictEqual(days('2026-01-10T10:00:00Z', '2026-01-22T12:00:00Z'), 12);
    // Morocco is on UTC+0 during Ramadan (from 15 February 2026): 23:30 UTC is still the same day there.
    assert.strictEqual(days('2026-02-20T10:00:00Z', '2026-02-20T23:30:00Z'), 0);
    assert.strictEqual(moroccoTimeZone, 'Africa/Casablanca');
  });
});
