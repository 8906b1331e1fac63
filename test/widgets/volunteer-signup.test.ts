import { assert, expect, fixture, html, oneEvent, waitUntil, aTimeout } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { createChallenge, verifySolution } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/web/sha';
import '../../src/volunteer-signup/index.js';
import type { TadamonVolunteerSignup } from '../../src/volunteer-signup/index.js';
import type {
  TadamonSignupConfirmedEvent,
  TadamonSignupFailedEvent,
  TadamonSignupQueuedEvent,
} from '../../src/volunteer-signup/events.js';
import type { Opportunity, SignupInput } from '../../server/src/schemas/opportunities.js';
import { apiDefaults, clearEtagCache } from '../../src/core/api/client.js';
import { outboxDefaults, outboxStore } from '../../src/core/api/outbox.js';
import { isMoroccanPhone } from '../../src/volunteer-signup/validation.js';
import { http } from 'msw';
import { opportunityHandlers } from '../fake-backend/handlers.js';
import {
  answering,
  API,
  callFor,
  deferred,
  fakeBackend,
  json,
  networkFailure,
  normalizeSpaces,
  opportunity,
  problem,
  restoreOnline,
  ROUTES,
  setOnline,
  unchecked,
  type FakeBackend,
  type FetchCall,
} from './helpers.js';

const langs = ['ar', 'fr'] as const;
const SIGNUPS_URL = `${API}/opportunities/beach-cleanup/signups`;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

const root = (el: HTMLElement) => el.shadowRoot!;
const part = (el: HTMLElement, name: string) => root(el).querySelector<HTMLElement>(`[part~="${name}"]`);
const text = (el: HTMLElement, name: string) => normalizeSpaces(part(el, name)?.textContent);
const input = (el: HTMLElement, selector: string) => root(el).querySelector<HTMLInputElement>(selector)!;

/** The hour in Morocco on the fixtures' first day (2027-06-12) at `utcHour` UTC, as the browser's own tz data says. */
const moroccanHour = (utcHour: number) =>
  new Intl.DateTimeFormat('en-GB', { timeZone: 'Africa/Casablanca', hour: '2-digit', hourCycle: 'h23' }).format(
    Date.UTC(2027, 5, 12, utcHour),
  );

type PostResponder = (call: FetchCall, count: number) => Response | Promise<Response>;

const confirmed = (status: 'confirmed' | 'waitlisted' = 'confirmed', shifts = ['sat-am']) =>
  json({ id: 'signup-1', status, shifts: shifts.map((id) => ({ id, status })) }, 201);

let fetchStub: FakeBackend | undefined;
const apiSaved = { ...apiDefaults };
const outboxSaved = { ...outboxDefaults };

/**
 * The fake backend holding the opportunity `body` (and a challenge); POSTs go to `post`, which sees how many came
 * before.
 */
function serve(post: PostResponder = () => confirmed(), body: Opportunity = opportunity(), challenge?: () => object) {
  let posts = 0;
  fetchStub = fakeBackend(...opportunityHandlers(body));
  fetchStub.use(
    http.post(ROUTES.signups, async ({ request }) => post(await callFor(request), posts++)),
    http.get(ROUTES.challenge, () => json(challenge?.() ?? {})),
  );
  return fetchStub;
}

const posts = () => fetchStub!.calls.filter((call) => call.method === 'POST');

async function mount(lang: string, id = 'beach-cleanup') {
  const el = await fixture<TadamonVolunteerSignup>(
    html`<tadamon-volunteer-signup api-base=${API} opportunity=${id} lang=${lang}></tadamon-volunteer-signup>`,
  );
  await waitUntil(() => part(el, 'title') || part(el, 'error'), 'the widget never left its loading state', {
    timeout: 4000,
  });
  await el.updateComplete;
  return el;
}

/** Fills the form as a visitor would (values, then `input`/`change` events). */
function fill(el: TadamonVolunteerSignup, values: Partial<Record<string, string>> = {}) {
  const fields = { name: 'Amina Benali', email: 'amina@example.ma', phone: '06 12 34 56 78', ...values };
  for (const [name, value] of Object.entries(fields)) {
    const field = input(el, `[name="${name}"]`);
    field.value = value ?? '';
    field.dispatchEvent(new Event('input', { bubbles: true }));
  }
  const shift = input(el, 'input[value="sat-am"]') ?? input(el, 'input[name="shiftIds"]:enabled');
  shift.checked = true;
  const tshirt = root(el).querySelector<HTMLSelectElement>('select[name="answers.tshirt"]');
  if (tshirt) tshirt.value = 'm';
  input(el, '[name="consent"]').checked = true;
}

function submit(el: TadamonVolunteerSignup) {
  part(el, 'submit')!.click();
}

/** Submitted, checked (the form's checks load once the form shows) and rendered with its messages. */
async function checked(el: TadamonVolunteerSignup) {
  await waitUntil(() => root(el).querySelector('[aria-invalid="true"]'), 'no field was marked invalid');
  await el.updateComplete;
}

async function statusIs(el: TadamonVolunteerSignup, expected: string | RegExp) {
  await waitUntil(
    () => (typeof expected === 'string' ? text(el, 'status').includes(expected) : expected.test(text(el, 'status'))),
    `status never became ${String(expected)}`,
    { timeout: 4000 },
  );
  await el.updateComplete;
}

beforeEach(async () => {
  clearEtagCache();
  await outboxStore.clear();
  Object.assign(apiDefaults, { retries: 0, retryBaseMs: 5, timeoutMs: 2000 });
  Object.assign(outboxDefaults, { retryBaseMs: 5, retryMaxMs: 50 });
});

afterEach(async () => {
  fetchStub?.restore();
  fetchStub = undefined;
  Object.assign(apiDefaults, apiSaved);
  Object.assign(outboxDefaults, outboxSaved);
  restoreOnline();
  // Elements of the test are gone (fixture cleanup); drop what they left.
  await aTimeout(0);
  await outboxStore.clear();
});

describe('<tadamon-volunteer-signup>', () => {
  for (const lang of langs) {
    it(`is accessible in ${lang}`, async () => {
      serve();
      const el = await mount(lang);
      await expect(el).to.be.accessible();
    });
  }

  it('French: shows the opportunity, each shift with date, time, place and places left, and the privacy notice', async () => {
    serve();
    const el = await mount('fr');
    assert.strictEqual(text(el, 'title'), 'Nettoyage de la plage d’Agadir');
    assert.strictEqual(text(el, 'association'), 'Association Bahr Nqi');
    assert.include(text(el, 'location'), 'Corniche, Agadir');
    const shifts = [...root(el).querySelectorAll('[part~="shift"]')].map((shift) => normalizeSpaces(shift.textContent));
    // Moroccan time: 08:00Z is 09:00 (UTC+1) where the browser's time zone data predicts it, else 08:00.
    assert.match(
      shifts[0],
      new RegExp(`samedi 12 juin, ${moroccanHour(8)}:00\\s?–\\s?${moroccanHour(12)}:00 Agadir · 5 places restantes`),
    );
    assert.include(shifts[1], 'Port d’Agadir · Complet — liste d’attente');
    assert.include(shifts[2], 'Complet');
    assert.isTrue(input(el, 'input[value="sun-am"]').disabled, 'a full shift without waitlist cannot be picked');
    assert.isFalse(input(el, 'input[value="sat-pm"]').disabled, 'a full shift with a waitlist can be picked');
    assert.strictEqual(root(el).querySelector('legend')!.textContent.trim(), 'Choisissez un ou plusieurs créneaux');
    const privacy = text(el, 'privacy');
    for (const expected of [
      'Responsable du traitement : Association Bahr Nqi, Agadir',
      'Finalité : Organiser les journées de nettoyage',
      'Durée de conservation : 12 mois',
      'privacy@bahr-nqi.example',
      'Récépissé CNDP n° D-GC-123/2025',
    ]) {
      assert.include(privacy, expected);
    }
    const link = part(el, 'privacy')!.querySelector('a')!;
    assert.strictEqual(link.getAttribute('href'), 'https://bahr-nqi.example/privacy');
    assert.strictEqual(link.getAttribute('target'), '_blank');
    assert.strictEqual(link.getAttribute('rel'), 'noopener noreferrer');
    const consent = input(el, '[name="consent"]');
    assert.isFalse(consent.checked, 'consent is never pre-ticked');
    assert.isFalse(input(el, '[name="newsOptIn"]').checked);
  });

  it('uses native, labelled inputs with autocomplete, and a honeypot hidden from people and assistive tech', async () => {
    serve();
    const el = await mount('fr');
    const expected = { name: 'name', email: 'email', phone: 'tel', city: 'address-level2' };
    for (const [name, autocomplete] of Object.entries(expected)) {
      const field = input(el, `input[name="${name}"]`);
      assert.strictEqual(field.getAttribute('autocomplete'), autocomplete);
      assert.isNotNull(root(el).querySelector(`label[for="${field.id}"]`), `${name} has a label`);
    }
    assert.strictEqual(input(el, '[name="phone"]').type, 'tel');
    assert.strictEqual(input(el, '[name="email"]').type, 'email');
    const honeypot = input(el, '[name="website"]');
    assert.strictEqual(honeypot.tabIndex, -1);
    assert.strictEqual(honeypot.getAttribute('autocomplete'), 'off');
    assert.strictEqual(honeypot.closest('[aria-hidden]')?.getAttribute('aria-hidden'), 'true');
    // Clipped to nothing: a person cannot see or reach it (its box is at most 1×1 px and fully clipped).
    const box = honeypot.closest('[aria-hidden]')!;
    assert.isAtMost(box.getBoundingClientRect().width, 1);
    assert.isAtMost(box.getBoundingClientRect().height, 1);
    assert.strictEqual(getComputedStyle(box).clipPath, 'inset(50%)');
  });

  it('Arabic: right-to-left with Arabic text and Western digits', async () => {
    serve();
    const el = await mount('ar');
    assert.strictEqual(part(el, 'base')!.getAttribute('dir'), 'rtl');
    assert.strictEqual(text(el, 'title'), 'تنظيف شاطئ أكادير');
    const first = normalizeSpaces(part(el, 'shift')!.textContent);
    assert.include(first, '5 أماكن متبقية');
    assert.include(first, `${moroccanHour(8)}:00`);
    assert.notMatch(first, /[٠-٩]/);
  });

  describe('validation', () => {
    for (const lang of langs) {
      it(`${lang}: localised messages linked to their fields, announced, focus on the first error, accessible`, async () => {
        serve();
        const el = await mount(lang);
        submit(el);
        await checked(el);
        const name = input(el, '[name="name"]');
        assert.strictEqual(name.getAttribute('aria-invalid'), 'true');
        const message = root(el).getElementById(name.getAttribute('aria-describedby')!)!;
        assert.strictEqual(
          message.textContent.trim(),
          lang === 'fr' ? 'Ce champ est obligatoire.' : 'هذا الحقل إلزامي.',
        );
        const shifts = part(el, 'shifts')!;
        assert.strictEqual(shifts.getAttribute('aria-invalid'), 'true');
        assert.include(
          root(el).getElementById(shifts.getAttribute('aria-describedby')!)!.textContent,
          lang === 'fr' ? 'Choisissez au moins un créneau.' : 'اختر فترة واحدة على الأقل.',
        );
        const consentMessage = input(el, '[name="consent"]').getAttribute('aria-describedby')!;
        assert.include(consentMessage, 'privacy', 'the consent box is described by the notice');
        const status = part(el, 'status')!;
        assert.strictEqual(status.getAttribute('aria-live'), 'polite');
        assert.match(text(el, 'status'), lang === 'fr' ? /^5 champs sont à corriger\.$/ : /5 حقول/);
        assert.strictEqual(root(el).activeElement, input(el, 'input[value="sat-am"]'), 'focus on the first shift');
        assert.lengthOf(posts(), 0, 'nothing sent');
        await expect(el).to.be.accessible();
      });
    }

    it('checks emails and Moroccan phone numbers like the server', async () => {
      serve();
      const el = await mount('fr');
      fill(el, { email: 'amina@', phone: '12345' });
      submit(el);
      await checked(el);
      const email = input(el, '[name="email"]');
      assert.strictEqual(email.getAttribute('aria-invalid'), 'true');
      assert.strictEqual(root(el).activeElement, email);
      assert.include(text(el, 'form'), 'par exemple 06 12 34 56 78');
      for (const valid of [
        '0612345678',
        '06 12 34 56 78',
        '07-12-34-56-78',
        '05.22.12.34.56',
        '+212612345678',
        '+212 6 12 34 56 78',
        '00212 7 12 34 56 78',
      ]) {
        assert.isTrue(isMoroccanPhone(valid), valid);
      }
      for (const invalid of ['0812345678', '061234567', '+33612345678', '06123456789', 'phone', '']) {
        assert.isFalse(isMoroccanPhone(invalid), invalid);
      }
    });

    it('maps the server’s validation_failed errors onto the fields', async () => {
      serve(() => problem(422, 'validation_failed', { errors: [{ field: 'email', code: 'invalid_format' }] }));
      const el = await mount('fr');
      fill(el);
      submit(el);
      await statusIs(el, '1 champ est à corriger.');
      const email = input(el, '[name="email"]');
      await waitUntil(() => root(el).activeElement === email, 'focus on the field the server refused');
      assert.strictEqual(email.getAttribute('aria-invalid'), 'true');
      assert.include(text(el, 'form'), 'Saisissez une adresse e-mail valide');
      assert.strictEqual(email.value, 'amina@example.ma', 'what was typed stays');
    });
  });

  describe('submitting', () => {
    for (const lang of langs) {
      it(`${lang}: shows and announces sending, then confirmed with each shift’s status; accessible in both`, async () => {
        const answer = deferred<Response>();
        serve(() => answer.promise);
        const el = await mount(lang);
        fill(el);
        submit(el);
        await statusIs(el, lang === 'fr' ? 'Envoi de votre inscription' : 'جارٍ إرسال تسجيلك');
        await expect(el).to.be.accessible();
        const confirmedEvent = oneEvent<TadamonSignupConfirmedEvent>(el, 'tadamon-signup-confirmed');
        answer.resolve(confirmed());
        const { detail } = await confirmedEvent;
        assert.strictEqual(detail.status, 'confirmed');
        await statusIs(el, lang === 'fr' ? 'Votre inscription est confirmée' : 'تسجيلك مؤكَّد');
        assert.isNull(part(el, 'form'), 'the form is replaced by the confirmation');
        assert.include(text(el, 'result'), lang === 'fr' ? 'confirmé' : 'مؤكَّد');
        await expect(el).to.be.accessible();
      });

      it(`${lang}: waitlisted — says so, per shift; accessible`, async () => {
        serve(() => confirmed('waitlisted', ['sat-pm']));
        const el = await mount(lang);
        fill(el);
        input(el, 'input[value="sat-am"]').checked = false;
        input(el, 'input[value="sat-pm"]').checked = true;
        submit(el);
        await statusIs(el, lang === 'fr' ? 'liste d’attente' : 'قائمة الانتظار');
        assert.include(text(el, 'result'), lang === 'fr' ? 'liste d’attente' : 'قائمة الانتظار');
        await expect(el).to.be.accessible();
      });

      it(`${lang}: full — names the full shift, offers the others, keeps what was typed; accessible`, async () => {
        serve(() => problem(409, 'shift_full', { shiftIds: ['sat-am'] }));
        const el = await mount(lang);
        fill(el);
        input(el, '[name="city"]').value = 'Agadir';
        const failed = oneEvent<TadamonSignupFailedEvent>(el, 'tadamon-signup-failed');
        submit(el);
        assert.deepEqual((await failed).detail, { code: 'shift_full', status: 409 });
        await statusIs(el, lang === 'fr' ? 'Plus de place sur : samedi 12 juin' : 'لم تعد هناك أماكن');
        const full = input(el, 'input[value="sat-am"]');
        assert.isTrue(full.disabled);
        assert.isFalse(full.checked);
        assert.isFalse(input(el, 'input[value="sun-pm"]').disabled, 'another shift is offered');
        assert.strictEqual(input(el, '[name="name"]').value, 'Amina Benali');
        assert.strictEqual(input(el, '[name="city"]').value, 'Agadir');
        assert.isTrue(input(el, '[name="consent"]').checked);
        await expect(el).to.be.accessible();
      });

      it(`${lang}: already signed up — says so; accessible`, async () => {
        serve(() => problem(409, 'already_signed_up'));
        const el = await mount(lang);
        fill(el);
        submit(el);
        await statusIs(el, lang === 'fr' ? 'déjà inscrit' : 'مسجَّل مسبقًا');
        assert.notInclude(text(el, 'base'), 'internal detail', 'the server’s detail is never shown');
        await expect(el).to.be.accessible();
      });

      it(`${lang}: offline — saved on the device, announced, sent when back online; accessible`, async () => {
        let online = false;
        serve(() => (online ? confirmed() : networkFailure()));
        const el = await mount(lang);
        setOnline(false);
        fill(el);
        const queued = oneEvent<TadamonSignupQueuedEvent>(el, 'tadamon-signup-queued');
        submit(el);
        const { detail } = await queued;
        assert.match(detail.key, UUID);
        assert.strictEqual(detail.opportunity, 'beach-cleanup');
        await statusIs(el, lang === 'fr' ? 'enregistrée sur cet appareil' : 'تم حفظ تسجيلك');
        const stored = await outboxStore.all();
        assert.lengthOf(stored, 1);
        assert.strictEqual(stored[0].key, detail.key);
        await expect(el).to.be.accessible();

        online = true;
        setOnline(true);
        await statusIs(el, lang === 'fr' ? 'confirmée' : 'مؤكَّد');
        assert.deepEqual(
          posts().map((call) => call.headers.get('Idempotency-Key')),
          [detail.key, detail.key],
          'the same key on every attempt',
        );
        assert.lengthOf(await outboxStore.all(), 0, 'no personal data left on the device');
      });

      it(`${lang}: a refusal that retrying will not fix is shown with a Retry; accessible`, async () => {
        serve(() => problem(400, 'idempotency_key_required'));
        const el = await mount(lang);
        fill(el);
        submit(el);
        await statusIs(el, lang === 'fr' ? 'Le serveur a refusé la demande.' : 'رفض الخادم الطلب.');
        assert.isNotNull(part(el, 'retry'));
        await expect(el).to.be.accessible();
      });
    }

    it('sends JSON without cookies, with an Idempotency-Key created on Submit, and the form’s answers', async () => {
      serve();
      const el = await mount('fr');
      assert.lengthOf(await outboxStore.all(), 0);
      fill(el);
      input(el, '[name="skills"]').value = 'accueil, cuisine';
      input(el, '[name="newsOptIn"]').checked = true;
      submit(el);
      await statusIs(el, 'confirmée');
      const [call] = posts();
      assert.strictEqual(call.url.href, SIGNUPS_URL);
      assert.strictEqual(call.credentials, 'omit');
      assert.strictEqual(call.headers.get('Content-Type'), 'application/json');
      assert.match(call.headers.get('Idempotency-Key')!, UUID);
      assert.deepEqual(call.body as SignupInput, {
        shiftIds: ['sat-am'],
        name: 'Amina Benali',
        email: 'amina@example.ma',
        phone: '06 12 34 56 78',
        skills: ['accueil', 'cuisine'],
        answers: { tshirt: 'm', 'first-aid': false },
        consent: true,
        newsOptIn: true,
        locale: 'fr',
      });
    });

    it('writes the outbox entry before the first request starts', async () => {
      const seen: unknown[] = [];
      serve(async (call) => {
        const stored = await outboxStore.all();
        seen.push(stored.map((entry) => ({ key: entry.key, name: (entry.body as SignupInput).name })));
        assert.strictEqual(stored[0]?.key, call.headers.get('Idempotency-Key'));
        return confirmed();
      });
      const el = await mount('fr');
      fill(el);
      submit(el);
      await statusIs(el, 'confirmée');
      assert.deepEqual(seen, [[{ key: posts()[0].headers.get('Idempotency-Key'), name: 'Amina Benali' }]]);
      assert.lengthOf(await outboxStore.all(), 0);
    });

    it('retries network errors, 503 and 429 with the same key, honouring Retry-After', async () => {
      Object.assign(outboxDefaults, { retryMaxMs: 5000 });
      const answers = [
        () => networkFailure(),
        () => problem(503, 'server_error'),
        () => problem(429, 'rate_limited', { headers: { 'Retry-After': '1' } }),
        () => confirmed(),
      ];
      const times: number[] = [];
      serve((_call, count) => {
        times.push(performance.now());
        return answers[count]();
      });
      const el = await mount('fr');
      fill(el);
      submit(el);
      await statusIs(el, 'confirmée');
      const keys = new Set(posts().map((call) => call.headers.get('Idempotency-Key')));
      assert.lengthOf(posts(), 4);
      assert.strictEqual(keys.size, 1);
      assert.isAtLeast(times[3] - times[2], 950, 'waited as long as Retry-After asked');
      assert.isBelow(times[1] - times[0], 500, 'backoff before that was short');
    });

    for (const [status, code] of [
      [422, 'consent_required'],
      [409, 'already_signed_up'],
      [403, 'origin_not_allowed'],
    ] as const) {
      it(`does not retry a ${status} ${code}, and leaves nothing stored`, async () => {
        serve(() => problem(status, code));
        const el = await mount('fr');
        fill(el);
        const failed = oneEvent<TadamonSignupFailedEvent>(el, 'tadamon-signup-failed');
        submit(el);
        assert.deepEqual((await failed).detail, { code, status });
        await aTimeout(100);
        assert.lengthOf(posts(), 1);
        assert.lengthOf(await outboxStore.all(), 0);
      });
    }

    it('a new Submit after a refusal gets a new key', async () => {
      serve((_call, count) => (count === 0 ? problem(409, 'already_signed_up') : confirmed('confirmed', ['sun-pm'])));
      const el = await mount('fr');
      fill(el);
      submit(el);
      await statusIs(el, 'déjà inscrit');
      input(el, 'input[value="sat-am"]').checked = false;
      input(el, 'input[value="sun-pm"]').checked = true;
      submit(el);
      await statusIs(el, 'confirmée');
      const [first, second] = posts().map((call) => call.headers.get('Idempotency-Key'));
      assert.notStrictEqual(first, second);
    });

    it('resumes a stored signup on the next page load and deletes it once answered', async () => {
      const stored = {
        key: '2b7e1516-28ae-4d2a-abf7-158809cf4f3c',
        url: SIGNUPS_URL,
        body: { shiftIds: ['sat-am'], name: 'Amina', email: 'amina@example.ma', consent: true, locale: 'fr' },
        createdAt: Date.now() - 60_000,
        attempts: 1,
        nextAttemptAt: Date.now() - 1000,
      };
      await outboxStore.put(stored);
      serve();
      const confirmedEvent = new Promise<TadamonSignupConfirmedEvent>((resolve) =>
        document.addEventListener('tadamon-signup-confirmed', resolve, { once: true }),
      );
      const el = await mount('fr');
      await confirmedEvent;
      await statusIs(el, 'confirmée');
      assert.strictEqual(posts()[0].headers.get('Idempotency-Key'), stored.key);
      assert.deepEqual(posts()[0].body, stored.body);
      assert.lengthOf(await outboxStore.all(), 0);
    });
  });

  describe('states', () => {
    for (const lang of langs) {
      it(`${lang}: closed — says so, no form; accessible`, async () => {
        serve(undefined, opportunity({ status: 'closed' }));
        const el = await mount(lang);
        assert.isNull(part(el, 'form'));
        assert.include(text(el, 'closed'), lang === 'fr' ? 'closes' : 'مغلق');
        await expect(el).to.be.accessible();
      });

      it(`${lang}: not found — says so without Retry; accessible`, async () => {
        fetchStub = answering(() => problem(404, 'opportunity_not_found'));
        const el = await mount(lang);
        assert.include(text(el, 'error'), lang === 'fr' ? 'introuvable' : 'لم يتم العثور');
        assert.isNull(part(el, 'retry'));
        await expect(el).to.be.accessible();
      });

      it(`${lang}: load error — readable, with Retry that works; accessible`, async () => {
        let fail = true;
        fetchStub = answering(() => (fail ? problem(500, 'internal_error') : json(opportunity())));
        const el = await mount(lang);
        assert.include(text(el, 'error'), lang === 'fr' ? 'Le serveur a rencontré une erreur.' : 'حدث خطأ في الخادم.');
        await expect(el).to.be.accessible();
        fail = false;
        part(el, 'retry')!.click();
        await waitUntil(() => part(el, 'title'));
      });
    }

    it('says when api-base is missing', async () => {
      const el = await fixture<TadamonVolunteerSignup>(
        html`<tadamon-volunteer-signup opportunity="x" lang="fr"></tadamon-volunteer-signup>`,
      );
      await waitUntil(() => part(el, 'error'));
      assert.include(text(el, 'error'), 'api-base');
    });

    it('offline while loading: says so and loads when back online', async () => {
      let online = false;
      fetchStub = answering(() => (online ? json(opportunity()) : networkFailure()));
      setOnline(false);
      const el = await mount('fr');
      assert.include(text(el, 'error'), 'hors ligne');
      online = true;
      setOnline(true);
      await waitUntil(() => part(el, 'title'));
    });
  });

  it('keyboard only: Tab through, Space to tick, type, Enter to submit (real key presses via sendKeys)', async () => {
    serve();
    const el = await mount('fr');
    const active = () => root(el).activeElement as HTMLElement | null;
    async function tabTo(selector: string) {
      for (let i = 0; i < 30 && !active()?.matches(selector); i++) await sendKeys({ press: 'Tab' });
      assert.isTrue(active()?.matches(selector), `reached ${selector} with Tab`);
    }
    (document.activeElement as HTMLElement | null)?.blur();
    await tabTo('input[value="sat-am"]');
    await sendKeys({ press: 'Space' });
    await tabTo('[name="name"]');
    await sendKeys({ type: 'Amina Benali' });
    await tabTo('[name="email"]');
    await sendKeys({ type: 'amina@example.ma' });
    await tabTo('select[name="answers.tshirt"]');
    await sendKeys({ press: 'ArrowDown' });
    await tabTo('[name="consent"]');
    await sendKeys({ press: 'Space' });
    await tabTo('[part~="submit"]');
    await sendKeys({ press: 'Enter' });
    await statusIs(el, 'confirmée');
    const body = posts()[0].body as SignupInput;
    assert.deepEqual(body.shiftIds, ['sat-am']);
    assert.strictEqual(body.name, 'Amina Benali');
    assert.strictEqual(body.answers?.tshirt, 'm');
  });

  describe('proof of work', () => {
    const loadedScripts = () =>
      performance
        .getEntriesByType('resource')
        .map((entry) => entry.name)
        .filter((name) => /src\/core\/pow\//.test(name));

    it('loads the solver only at submit on a pow opportunity, solves in a worker and sends the ALTCHA payload', async () => {
      const secret = 'test-secret';
      const challenge = await createChallenge({
        algorithm: 'SHA-256',
        cost: 1,
        deriveKey,
        hmacSignatureSecret: secret,
      });
      serve(undefined, opportunity({ spamProtection: 'pow' }), () => challenge);
      const el = await mount('fr');
      fill(el);
      assert.deepEqual(loadedScripts(), [], 'no proof-of-work code before submit');
      submit(el);
      await statusIs(el, 'confirmée');
      assert.isNotEmpty(
        loadedScripts().filter((name) => name.includes('pow-worker')),
        'the worker was started',
      );
      const challengeCalls = fetchStub!.calls.filter((call) => call.url.pathname.endsWith('/challenge'));
      assert.lengthOf(challengeCalls, 1);
      const { altcha } = posts()[0].body as SignupInput;
      const payload = JSON.parse(atob(altcha!)) as Parameters<typeof verifySolution>[0];
      const verified = await verifySolution({ ...payload, deriveKey, hmacSignatureSecret: secret });
      assert.isTrue(verified.verified, 'altcha-lib accepts the payload');
    });

    for (const code of ['challenge_invalid', 'challenge_replayed'])
      it(`a stored signup refused with ${code} is solved again and resent under a new key`, async () => {
        const secret = 'test-secret';
        const fresh = () => createChallenge({ algorithm: 'SHA-256', cost: 1, deriveKey, hmacSignatureSecret: secret });
        // One challenge per request, in order: the resend must solve the second one.
        const challenges = [await fresh(), await fresh()];
        serve(
          (_call, count) => (count === 0 ? problem(422, code) : confirmed()),
          opportunity({ spamProtection: 'pow' }),
          () => challenges.shift()!,
        );
        const el = await mount('fr');
        fill(el);
        submit(el);
        await statusIs(el, 'confirmée');
        assert.lengthOf(challenges, 0, 'both challenges were fetched');
        const [first, second] = posts();
        assert.notStrictEqual(first.headers.get('Idempotency-Key'), second.headers.get('Idempotency-Key'));
        assert.notStrictEqual((first.body as SignupInput).altcha, (second.body as SignupInput).altcha);
        assert.strictEqual((second.body as SignupInput).name, 'Amina Benali');
        assert.lengthOf(await outboxStore.all(), 0);
      });
  });

  it('XSS corpus: every string from the API renders as inert text', async () => {
    const payloads = [
      '<img src=x onerror="window.__xss=1">',
      '"><script>window.__xss=1</script>',
      "'><svg onload=window.__xss=1>",
      'javascript:window.__xss=1',
    ];
    const evil = (index: number) => payloads[index % payloads.length];
    const base = opportunity();
    const data: Opportunity = {
      ...base,
      title: { fr: evil(0), ar: evil(1) },
      description: evil(1),
      association: { id: 'bahr-nqi', name: evil(2) },
      location: { city: evil(0), address: evil(1) },
      shifts: base.shifts.map((shift, index) => ({ ...shift, id: `s${index}`, place: evil(index) })),
      questions: [
        { id: 'q1', label: evil(0), type: 'select', required: false, options: [{ id: 'o1', label: evil(1) }] },
        { id: 'q2', label: evil(2), type: 'text', required: false },
        { id: 'q3', label: evil(3), type: 'checkbox', required: false },
      ],
      privacy: {
        controller: evil(0),
        contact: evil(1),
        purpose: evil(2),
        retentionMonths: 6,
        noticeUrl: evil(3),
        cndpReceipt: evil(0),
      },
    };
    delete (window as { __xss?: number }).__xss;
    serve(
      () =>
        unchecked(
          json({ type: evil(0), title: evil(1), status: 409, code: evil(2), detail: evil(0) }, 409),
          'a hostile problem, on purpose',
        ),
      data,
    );
    const el = await mount('fr');
    const shadow = root(el);
    assert.include(text(el, 'title'), '<img src=x');
    assert.isNull(shadow.querySelector('img, script, svg, iframe'));
    assert.isNull(part(el, 'privacy')!.querySelector('a'), 'a javascript: notice URL is not a link');
    // Submit too, so error codes and detail from the server go through rendering.
    fill(el, {});
    submit(el);
    await statusIs(el, /./);
    await waitUntil(() => part(el, 'form') && posts().length === 1);
    await aTimeout(50);
    for (const node of shadow.querySelectorAll('*')) {
      for (const attribute of node.attributes)
        assert.notMatch(attribute.name, /^on/i, `${node.localName}[${attribute.name}]`);
      if (node instanceof HTMLAnchorElement) assert.match(node.href, /^https?:/);
    }
    assert.isNull(shadow.querySelector('img, script, svg, iframe'));
    assert.notInclude(shadow.innerHTML, '<img');
    assert.isUndefined((window as { __xss?: number }).__xss);
  });
});

describe('<tadamon-volunteer-signup> refusals and rough edges (issue 6)', () => {
  const failedOnce = (el: HTMLElement) => oneEvent<TadamonSignupFailedEvent>(el, 'tadamon-signup-failed');

  for (const lang of ['ar', 'fr', 'en', 'zgh'] as const) {
    it(`${lang}: origin_not_allowed is final and readable: no form, no Retry, one warning, nothing stored`, async () => {
      serve(() => problem(403, 'origin_not_allowed'));
      const warnings: unknown[][] = [];
      const warn = console.warn;
      console.warn = (...args: unknown[]) => void warnings.push(args);
      try {
        const el = await mount(lang);
        fill(el);
        const failed = failedOnce(el);
        submit(el);
        assert.deepEqual((await failed).detail, { code: 'origin_not_allowed', status: 403 });
        await el.updateComplete;
        const expected = {
          ar: 'لا يمكن لهذا الموقع استقبال التسجيلات في هذه المهمة.',
          fr: 'Ce site ne peut pas recevoir d’inscriptions pour cette mission.',
          en: 'This site cannot take signups for this opportunity.',
          zgh: 'ⵓⵔ ⵉⵣⵎⵉⵔ ⵓⵙⵉⵜ ⴰⴷ ⴰⴷ ⵢⴰⵎⵥ ⵜⵉⵔⵎⴰⵙⵉⵏ ⵉ ⵜⵡⵓⵔⵉ ⴰⴷ.',
        }[lang];
        await statusIs(el, expected);
        assert.isNull(part(el, 'form'), 'no form to fill again');
        assert.isNull(part(el, 'retry'), 'no Retry that cannot succeed');
        assert.notInclude(text(el, 'status'), 'internal detail');
        assert.lengthOf(warnings, 1);
        assert.include(String(warnings[0][0]), location.origin);
        assert.include(String(warnings[0][0]), `npm run admin -- allow-origin beach-cleanup ${location.origin}`);
        assert.lengthOf(await outboxStore.all(), 0, 'no personal data kept');
        await expect(el).to.be.accessible();
      } finally {
        console.warn = warn;
      }
    });
  }

  it('every start sweeps expired entries of any endpoint or page; fresh ones of other pages stay', async () => {
    const old = Date.now() - outboxDefaults.maxAgeMs - 60_000;
    const stored = (key: string, url: string, createdAt: number) => ({
      key,
      url,
      body: { name: 'Amina', email: 'amina@example.ma' },
      createdAt,
      attempts: 3,
      nextAttemptAt: createdAt,
    });
    await outboxStore.put(stored('old-other-api', 'https://elsewhere.example/v1/opportunities/x/signups', old));
    await outboxStore.put(stored('old-other-opportunity', `${API}/opportunities/gone/signups`, old));
    await outboxStore.put(stored('fresh-other-opportunity', `${API}/opportunities/other/signups`, Date.now()));
    serve();
    await mount('fr');
    await waitUntil(async () => (await outboxStore.all()).length === 1, 'expired entries were kept', { timeout: 2000 });
    assert.deepEqual(
      (await outboxStore.all()).map((entry) => entry.key),
      ['fresh-other-opportunity'],
    );
  });

  it('a network failure that persists is retried, but the entry never outlives its maximum age', async () => {
    Object.assign(outboxDefaults, { maxAgeMs: 400 });
    serve(() => networkFailure());
    const el = await mount('fr');
    fill(el);
    const failed = failedOnce(el);
    submit(el);
    await statusIs(el, 'enregistrée sur cet appareil');
    assert.lengthOf(await outboxStore.all(), 1);
    assert.deepEqual((await failed).detail, { code: 'network', status: 0 });
    assert.isAtLeast(posts().length, 3, 'retried until then');
    assert.lengthOf(await outboxStore.all(), 0);
    // What was typed is still in the form, to send again.
    await el.updateComplete;
    assert.strictEqual(input(el, '[name="name"]').value, 'Amina Benali');
  });

  it('email and phone are isolated left to right: dir="ltr" inputs, <bdi> examples in the Arabic hints', async () => {
    serve();
    const el = await mount('ar');
    assert.strictEqual(input(el, '[name="email"]').getAttribute('dir'), 'ltr');
    assert.strictEqual(input(el, '[name="phone"]').getAttribute('dir'), 'ltr');
    assert.isNull(input(el, '[name="name"]').getAttribute('dir'));
    fill(el, { email: 'fatima@', phone: '12' });
    submit(el);
    await statusIs(el, /./);
    const examples = (field: string) =>
      [...root(el).querySelectorAll(`#error-field-${field} bdi[dir="ltr"]`)].map((bdi) => bdi.textContent);
    assert.deepEqual(examples('phone'), ['06 12 34 56 78', '+212 6 12 34 56 78']);
    assert.deepEqual(examples('email'), ['name@example.ma']);
    assert.include(text(el, 'form'), 'أدخل رقمًا مغربيًا، مثل 06 12 34 56 78 أو +212 6 12 34 56 78.');
  });

  it('invalid inputs get the danger border, not the grey one', async () => {
    serve();
    const el = await mount('fr');
    const name = input(el, '[name="name"]');
    const grey = getComputedStyle(name).borderTopColor;
    submit(el);
    await statusIs(el, /./);
    const danger = getComputedStyle(root(el).querySelector('#error-field-name')!).color;
    assert.notStrictEqual(grey, danger);
    for (const field of ['name', 'email']) {
      assert.strictEqual(getComputedStyle(input(el, `[name="${field}"]`)).borderTopColor, danger, field);
    }
  });

  it('a mixed answer shows each shift’s status and the waitlist position, not one green "waitlisted"', async () => {
    serve(() =>
      json(
        {
          id: 's',
          status: 'waitlisted',
          shifts: [
            { id: 'sat-am', status: 'confirmed' },
            { id: 'sat-pm', status: 'waitlisted', position: 3 },
          ],
        },
        201,
      ),
    );
    const el = await mount('fr');
    fill(el);
    input(el, 'input[value="sat-pm"]').checked = true;
    submit(el);
    await statusIs(el, 'Une partie de votre inscription est confirmée');
    assert.notInclude(part(el, 'status')!.className, 'success');
    const items = [...part(el, 'result')!.querySelectorAll('li')].map((li) => normalizeSpaces(li.textContent));
    assert.match(items[0], /samedi 12 juin.*confirmé/);
    assert.match(items[1], /samedi 12 juin.*liste d’attente, position 3/);
    await expect(el).to.be.accessible();
  });

  it('after a success, focus moves to the result heading', async () => {
    serve();
    const el = await mount('fr');
    fill(el);
    part(el, 'submit')!.focus();
    submit(el);
    await statusIs(el, 'confirmée');
    await waitUntil(() => root(el).activeElement?.id === 'result-title', 'focus did not move to the result');
    assert.strictEqual(text(el, 'result-title'), 'Votre inscription');
  });

  it('shift_closed: names the shift, which can no longer be picked; no Retry; the others stay', async () => {
    serve(() => problem(409, 'shift_closed', { shiftIds: ['sat-am'] }));
    const el = await mount('fr');
    fill(el);
    const failed = failedOnce(el);
    submit(el);
    assert.deepEqual((await failed).detail, { code: 'shift_closed', status: 409 });
    await statusIs(el, 'Les inscriptions sont closes pour : samedi 12 juin');
    assert.isNull(part(el, 'retry'));
    assert.isTrue(input(el, 'input[value="sat-am"]').disabled);
    assert.isFalse(input(el, 'input[value="sun-pm"]').disabled);
    assert.strictEqual(input(el, '[name="name"]').value, 'Amina Benali');
  });

  it('opportunity_closed is final: says so, no form, no Retry', async () => {
    serve(() => problem(409, 'opportunity_closed'));
    const el = await mount('en');
    fill(el);
    submit(el);
    await statusIs(el, 'Signups for this opportunity are closed.');
    assert.isNull(part(el, 'form'));
    assert.isNull(part(el, 'retry'));
  });

  it('a shift that has started cannot be picked', async () => {
    const body = opportunity();
    body.shifts[0] = { ...body.shifts[0], startsAt: new Date(Date.now() - 60_000).toISOString() };
    serve(undefined, body);
    const el = await mount('fr');
    assert.isTrue(input(el, 'input[value="sat-am"]').disabled);
    assert.include(normalizeSpaces(part(el, 'shift')!.textContent), 'Clos');
  });

  it('a resumed signup that then fails puts what was typed back in the form', async () => {
    await outboxStore.put({
      key: '2b7e1516-28ae-4d2a-abf7-158809cf4f3c',
      url: SIGNUPS_URL,
      body: {
        shiftIds: ['sun-pm'],
        name: 'Amina',
        email: 'amina@example.ma',
        phone: '0612345678',
        skills: ['accueil', 'cuisine'],
        answers: { tshirt: 'l', 'first-aid': true },
        consent: true,
        newsOptIn: true,
        locale: 'fr',
      },
      createdAt: Date.now() - 60_000,
      attempts: 1,
      nextAttemptAt: Date.now() - 1000,
    });
    serve(() => problem(409, 'already_signed_up'));
    const el = await mount('fr');
    await statusIs(el, 'déjà inscrit');
    await waitUntil(() => part(el, 'form'));
    await el.updateComplete;
    assert.strictEqual(input(el, '[name="name"]').value, 'Amina');
    assert.strictEqual(input(el, '[name="email"]').value, 'amina@example.ma');
    assert.strictEqual(input(el, '[name="phone"]').value, '0612345678');
    assert.strictEqual(input(el, '[name="skills"]').value, 'accueil, cuisine');
    assert.strictEqual(root(el).querySelector<HTMLSelectElement>('select[name="answers.tshirt"]')!.value, 'l');
    assert.isTrue(input(el, '[name="answers.first-aid"]').checked);
    assert.isTrue(input(el, 'input[value="sun-pm"]').checked);
    assert.isFalse(input(el, 'input[value="sat-am"]').checked);
    assert.isTrue(input(el, '[name="consent"]').checked);
    assert.isTrue(input(el, '[name="newsOptIn"]').checked);
  });

  it('tadamon-loaded fires once per load the host asked for, not on internal reloads', async () => {
    serve(() => problem(409, 'shift_full', { shiftIds: ['sat-am'] }));
    fetchStub!.use(...opportunityHandlers(opportunity({ id: 'other' })));
    let loaded = 0;
    const count = () => loaded++;
    document.addEventListener('tadamon-loaded', count);
    try {
      const el = await mount('fr');
      await aTimeout(20);
      fill(el);
      submit(el);
      await statusIs(el, 'Plus de place');
      // The widget reloads the places after shift_full.
      await waitUntil(() => fetchStub!.calls.filter((call) => call.method === 'GET').length === 2);
      await aTimeout(50);
      assert.strictEqual(loaded, 1);
      el.opportunity = 'other';
      await waitUntil(() => loaded === 2, 'a new opportunity asked by the host is a new load');
    } finally {
      document.removeEventListener('tadamon-loaded', count);
    }
  });

  it('multi questions: checkboxes in a fieldset, required means at least one, answered as an array', async () => {
    const body = opportunity();
    body.questions = [
      {
        id: 'languages',
        label: { fr: 'Langues parlées', ar: 'اللغات' },
        type: 'multi',
        required: true,
        options: [
          { id: 'ar', label: 'العربية' },
          { id: 'zgh', label: 'ⵜⴰⵎⴰⵣⵉⵖⵜ' },
          { id: 'fr', label: 'Français' },
        ],
      },
    ];
    serve(undefined, body);
    const el = await mount('fr');
    const fieldset = root(el).querySelector<HTMLFieldSetElement>('fieldset.choices')!;
    assert.strictEqual(normalizeSpaces(fieldset.querySelector('legend')!.textContent), 'Langues parlées');
    const boxes = [...fieldset.querySelectorAll<HTMLInputElement>('input[type="checkbox"]')];
    assert.deepEqual(
      boxes.map((box) => [box.value, normalizeSpaces(root(el).querySelector(`label[for="${box.id}"]`)!.textContent)]),
      [
        ['ar', 'العربية'],
        ['zgh', 'ⵜⴰⵎⴰⵣⵉⵖⵜ'],
        ['fr', 'Français'],
      ],
    );
    fill(el);
    submit(el);
    await statusIs(el, /1 champ/);
    assert.strictEqual(fieldset.getAttribute('aria-invalid'), 'true');
    assert.strictEqual(root(el).activeElement, boxes[0], 'focus on the first choice');
    assert.include(normalizeSpaces(fieldset.textContent), 'Choisissez au moins une réponse.');
    boxes[0].checked = boxes[2].checked = true;
    submit(el);
    await statusIs(el, 'confirmée');
    assert.deepEqual((posts()[0].body as SignupInput).answers, { languages: ['ar', 'fr'] });
  });

  it('full shifts are joined as a list in the language; address and city with its own comma', async () => {
    serve(() => problem(409, 'shift_full', { shiftIds: ['sat-am', 'sun-pm'] }));
    const fr = await mount('fr');
    fill(fr);
    input(fr, 'input[value="sun-pm"]').checked = true;
    submit(fr);
    await statusIs(fr, 'Plus de place sur');
    assert.match(text(fr, 'status'), new RegExp(`${moroccanHour(12)}:00 et dimanche 13 juin`));
    assert.notInclude(text(fr, 'status'), ' ; ');
    assert.include(text(fr, 'location'), 'Corniche, Agadir');
    const ar = await mount('ar');
    assert.include(text(ar, 'location'), 'Corniche، Agadir');
  });
});
