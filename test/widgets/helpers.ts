import type { Campaign, CampaignHistory } from '../../server/src/schemas/campaigns.js';
import type { Opportunity } from '../../server/src/schemas/opportunities.js';

export interface FetchCall {
  url: URL;
  headers: Headers;
  method: string;
  /** The request body parsed as JSON, when there is one. */
  body?: unknown;
  credentials?: RequestCredentials;
}

type Responder = (url: URL, call: FetchCall) => Response | Promise<Response>;

/**
 * Replaces `window.fetch` for one test. URLs on `api.test` go to `respond`;
 * anything else passes through. Honours the request's AbortSignal like a real fetch.
 */
export function stubFetch(respond: Responder) {
  // Restored untouched after the test, never called unbound.
  // eslint-disable-next-line @typescript-eslint/unbound-method
  const original = window.fetch;
  const passThrough = window.fetch.bind(window);
  const calls: FetchCall[] = [];
  window.fetch = (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    if (url.hostname !== 'api.test') return passThrough(input, init);
    const call: FetchCall = {
      url,
      headers: new Headers(init.headers),
      method: init.method ?? 'GET',
      body: typeof init.body === 'string' ? (JSON.parse(init.body) as unknown) : undefined,
      credentials: init.credentials,
    };
    calls.push(call);
    const signal = init.signal;
    return new Promise<Response>((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason as Error);
      signal?.addEventListener('abort', () => reject(signal.reason as Error), { once: true });
      Promise.resolve()
        .then(() => respond(url, call))
        .then(resolve, reject);
    });
  };
  return { calls, restore: () => (window.fetch = original) };
}

export const API = 'https://api.test/v1';

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': status >= 400 ? 'application/problem+json' : 'application/json', ...headers },
  });
}

export function problem(status: number, code: string): Response {
  return json({ type: 'about:blank', title: code, status, code, detail: '<b>internal detail</b>' }, status);
}

/** A promise resolved from outside (slow responses). */
export function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000 + 3_600_000).toISOString();

export function campaign(overrides: Partial<Campaign> = {}): Campaign {
  return {
    id: 'winter-blankets-tounfite',
    title: { ar: 'أغطية الشتاء لتونفيت', fr: 'Couvertures d’hiver pour Tounfite', en: 'Winter blankets for Tounfite' },
    association: { id: 'amal-atlas', name: { ar: 'جمعية أمل الأطلس', fr: 'Association Amal Atlas' }, city: 'Tounfite' },
    currency: 'MAD',
    goal: 15_000_000,
    raised: 1_230_000,
    donors: 42,
    status: 'active',
    startsAt: inDays(-10),
    endsAt: inDays(12),
    donateUrl: 'https://amal-atlas.example/don',
    updatedAt: new Date(Date.now() - 60_000).toISOString(),
    milestones: [
      { amount: 1_000_000, label: { ar: 'أول 100 غطاء', fr: '100 premières couvertures' } },
      { amount: 7_500_000, label: { ar: 'نصف الهدف', fr: 'La moitié' } },
    ],
    items: [
      {
        id: 'blankets',
        label: { ar: 'أغطية', fr: 'Couvertures' },
        unit: { ar: 'غطاء', fr: 'couvertures' },
        needed: 500,
        received: 320,
      },
    ],
    ...overrides,
  };
}

export function history(): CampaignHistory {
  return {
    currency: 'MAD',
    points: [
      { at: '2026-01-01T00:00:00Z', raised: 200_000 },
      { at: '2026-01-02T00:00:00Z', raised: 700_000 },
      { at: '2026-01-03T00:00:00Z', raised: 1_230_000 },
    ],
  };
}

/** A stand-in for EventSource that tests drive by hand. */
export class FakeEventSource extends EventTarget {
  static instances: FakeEventSource[] = [];
  readyState = 0;
  closed = false;

  constructor(readonly url: string) {
    super();
    FakeEventSource.instances.push(this);
  }

  close() {
    this.closed = true;
    this.readyState = 2;
  }

  open() {
    this.readyState = 1;
    this.dispatchEvent(new Event('open'));
  }

  emit(name: string, data: unknown) {
    this.dispatchEvent(new MessageEvent(name, { data: typeof data === 'string' ? data : JSON.stringify(data) }));
  }

  fail() {
    this.dispatchEvent(new Event('error'));
  }
}

export function stubEventSource() {
  const original = window.EventSource;
  FakeEventSource.instances = [];
  window.EventSource = FakeEventSource as unknown as typeof EventSource;
  return { restore: () => (window.EventSource = original) };
}

/** Makes `navigator.onLine` report `online` and fires the matching window event. */
export function setOnline(online: boolean) {
  Object.defineProperty(navigator, 'onLine', { configurable: true, get: () => online });
  window.dispatchEvent(new Event(online ? 'online' : 'offline'));
}

export function restoreOnline() {
  delete (navigator as { onLine?: boolean }).onLine;
}

/** Collapses every kind of space (Intl uses narrow no-break spaces) so text compares simply. */
export const normalizeSpaces = (text: string | null | undefined) =>
  (text ?? '').replace(/[\s\u200e\u200f]+/gu, ' ').trim();

export function opportunity(overrides: Partial<Opportunity> = {}): Opportunity {
  return {
    id: 'beach-cleanup',
    title: { ar: 'تنظيف شاطئ أكادير', fr: 'Nettoyage de la plage d’Agadir', en: 'Agadir beach clean-up' },
    description: { ar: 'نجمع النفايات على الشاطئ.', fr: 'Nous ramassons les déchets sur la plage.' },
    association: { id: 'bahr-nqi', name: { ar: 'جمعية بحر نقي', fr: 'Association Bahr Nqi' } },
    status: 'open',
    location: { city: 'Agadir', address: 'Corniche' },
    shifts: [
      {
        id: 'sat-am',
        startsAt: '2027-06-12T08:00:00Z',
        endsAt: '2027-06-12T12:00:00Z',
        capacity: 20,
        remaining: 5,
        waitlist: false,
      },
      {
        id: 'sat-pm',
        startsAt: '2027-06-12T13:00:00Z',
        endsAt: '2027-06-12T17:00:00Z',
        capacity: 10,
        remaining: 0,
        waitlist: true,
        place: { ar: 'ميناء أكادير', fr: 'Port d’Agadir' },
      },
      {
        id: 'sun-am',
        startsAt: '2027-06-13T08:00:00Z',
        endsAt: '2027-06-13T12:00:00Z',
        capacity: 10,
        remaining: 0,
        waitlist: false,
      },
      {
        id: 'sun-pm',
        startsAt: '2027-06-13T13:00:00Z',
        endsAt: '2027-06-13T17:00:00Z',
        capacity: 10,
        remaining: 1,
        waitlist: false,
      },
    ],
    questions: [
      {
        id: 'tshirt',
        label: { ar: 'مقاس القميص', fr: 'Taille de t-shirt' },
        type: 'select',
        required: true,
        options: [
          { id: 'm', label: 'M' },
          { id: 'l', label: 'L' },
        ],
      },
      {
        id: 'first-aid',
        label: { ar: 'لدي شهادة إسعافات أولية', fr: 'J’ai un brevet de secourisme' },
        type: 'checkbox',
        required: false,
      },
    ],
    spamProtection: 'none',
    privacy: {
      controller: 'Association Bahr Nqi, Agadir',
      contact: 'privacy@bahr-nqi.example',
      purpose: { ar: 'تنظيم أيام التنظيف', fr: 'Organiser les journées de nettoyage' },
      retentionMonths: 12,
      noticeUrl: 'https://bahr-nqi.example/privacy',
      cndpReceipt: 'D-GC-123/2025',
    },
    ...overrides,
  };
}
