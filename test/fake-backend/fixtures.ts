/**
 * The fake backend's data: small fixtures the widget tests assert on, and the richer demo data the stories show.
 * Every builder takes overrides; every body goes through the contract check (contract.ts) when answered.
 */
import type { Campaign, CampaignHistory } from '../../server/src/schemas/campaigns.js';
import type { Opportunity, Shift, SignupResult } from '../../server/src/schemas/opportunities.js';
import { DEMO_ASSOCIATION, DEMO_CAMPAIGNS } from '../../server/src/db/demo-data.js';

// ---------------------------------------------------------------------------------------------------------------
// Test fixtures: short texts the widget tests compare with what the widgets show.

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

/**
 * What the server answers to a successful signup: waitlisted on every full shift (the caller checked that it takes
 * a waitlist), with its place in line (`waitlisted[shiftId]` people already wait there), confirmed elsewhere.
 */
export function signupResult(
  opportunity: Opportunity,
  shiftIds: string[],
  waitlisted: Record<string, number> = {},
): SignupResult {
  const shifts = shiftIds.map((id) => {
    const shift = opportunity.shifts.find((candidate) => candidate.id === id);
    return shift && shift.remaining === 0
      ? { id, status: 'waitlisted' as const, position: (waitlisted[id] ?? 0) + 1 }
      : { id, status: 'confirmed' as const };
  });
  return {
    id: `signup-${Math.random().toString(36).slice(2, 10)}`,
    // As the server decides (services/opportunities/signups.ts): confirmed only when every shift is.
    status: shifts.every((shift) => shift.status === 'confirmed') ? 'confirmed' : 'waitlisted',
    shifts,
  };
}

/** The opportunity after someone else took the last places of `shiftId`. */
export function withShiftFull(opportunity: Opportunity, shiftId: string): Opportunity {
  return {
    ...opportunity,
    shifts: opportunity.shifts.map((shift) => (shift.id === shiftId ? { ...shift, remaining: 0 } : shift)),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Demo data for the stories: the reference server's demo campaign and association (server/src/db/demo-data.ts).

/** The API the stories talk to; MSW answers for it, nothing leaves the browser. */
export const API_BASE = 'https://api.tadamon.test/v1';
export const CAMPAIGN_ID = 'winter-blankets-tounfite';
export const OPPORTUNITY_ID = 'winter-distribution-tounfite';

const DAY_MS = 24 * 60 * 60 * 1000;

// Dates are relative to today so that "days left" and the status stay coherent whenever the stories are opened.
const today = new Date();
today.setUTCHours(0, 0, 0, 0);
const daysFromToday = (days: number): string => new Date(today.getTime() + days * DAY_MS).toISOString();

const demoCampaign = DEMO_CAMPAIGNS.find((candidate) => candidate.id === CAMPAIGN_ID)!;

/**
 * The Tounfite winter-blankets campaign, active, 27 days in and 18 days to go, with the demo seed's title,
 * association, milestones and in-kind items. Money in MAD centimes.
 */
export const activeCampaign: Campaign = {
  id: CAMPAIGN_ID,
  title: demoCampaign.title,
  association: DEMO_ASSOCIATION,
  currency: 'MAD',
  goal: demoCampaign.goalMad * 100,
  raised: 9_845_000,
  donors: 412,
  status: 'active',
  startsAt: daysFromToday(-27),
  endsAt: daysFromToday(18),
  donateUrl: demoCampaign.donateUrl,
  updatedAt: daysFromToday(0),
  milestones: demoCampaign.milestones?.map(({ amountMad, label }) => ({ amount: amountMad * 100, label })),
  items: demoCampaign.items,
};

/** Cumulative donations, one point a day since the start, ending at today's `raised`. */
export const activeHistory: CampaignHistory = {
  currency: 'MAD',
  points: cumulativeHistory(28, activeCampaign.raised),
};

function cumulativeHistory(days: number, finalRaised: number): CampaignHistory['points'] {
  // A launch spike, a quiet middle and a weekend of sharing on social media: deterministic, no Math.random.
  const weights = Array.from({ length: days }, (_, day) => 1 + 6 / (day + 1) + (day % 7 === 5 ? 3 : 0) + day / 10);
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  let raised = 0;
  return weights.map((weight, index) => {
    raised = index === days - 1 ? finalRaised : raised + Math.round((finalRaised * weight) / total / 100) * 100;
    return { at: daysFromToday(index - days + 1), raised };
  });
}

export const goalReachedCampaign: Campaign = {
  ...activeCampaign,
  raised: 16_230_000,
  donors: 688,
  items: activeCampaign.items?.map((item) => ({ ...item, received: item.needed })),
};
export const goalReachedHistory: CampaignHistory = {
  currency: 'MAD',
  points: cumulativeHistory(28, goalReachedCampaign.raised),
};

export const endedCampaign: Campaign = {
  ...activeCampaign,
  status: 'ended',
  startsAt: daysFromToday(-75),
  endsAt: daysFromToday(-30),
  raised: 12_410_000,
  donors: 537,
};
export const endedHistory: CampaignHistory = {
  currency: 'MAD',
  points: cumulativeHistory(45, endedCampaign.raised).map((point, index) => ({
    ...point,
    at: daysFromToday(index - 75),
  })),
};

export const upcomingCampaign: Campaign = {
  ...activeCampaign,
  status: 'upcoming',
  startsAt: daysFromToday(9),
  endsAt: daysFromToday(54),
  raised: 0,
  donors: 0,
  items: activeCampaign.items?.map((item) => ({ ...item, received: 0 })),
};
export const upcomingHistory: CampaignHistory = { currency: 'MAD', points: [] };

export const withoutItemsCampaign: Campaign = { ...activeCampaign, items: undefined };

/** 99.6 % of the goal: shown as "99 %" (rounded down) until the goal is reached; its last milestone is the goal. */
export const almostThereCampaign: Campaign = {
  ...activeCampaign,
  raised: 14_940_000,
  goal: 15_000_000,
  milestones: [
    ...(activeCampaign.milestones ?? []),
    { amount: 15_000_000, label: { ar: 'الهدف كاملًا', fr: 'L’objectif entier', en: 'The whole goal' } },
  ],
};
export const almostThereHistory: CampaignHistory = {
  currency: 'MAD',
  points: cumulativeHistory(28, almostThereCampaign.raised),
};

/** A year of daily points: the chart thins them out, the table keeps every day. */
export const yearLongHistory: CampaignHistory = {
  currency: 'MAD',
  points: cumulativeHistory(365, activeCampaign.raised),
};

/** Shift ids, named for what each one shows in the form. */
export const SHIFT = {
  /** Two places left: a visitor may lose the race for it (the Full story). */
  nearlyFull: 'sorting-saturday-morning',
  /** No place left, but the organiser takes a waitlist (the Waitlisted story). */
  fullWithWaitlist: 'loading-saturday-afternoon',
  /** Plenty of places. */
  open: 'distribution-sunday',
} as const;

const HOUR_MS = 60 * 60 * 1000;

// Shifts fall on the next Saturday and Sunday after today, so the dates never look stale; times are Morocco's
// (UTC+1 all winter), written as UTC here.
const saturday = today.getTime() + (((6 - today.getUTCDay() + 7) % 7) + 7) * DAY_MS;
const at = (day: number, hourUtc: number) => new Date(day + hourUtc * HOUR_MS).toISOString();

const shifts: Shift[] = [
  {
    id: SHIFT.nearlyFull,
    startsAt: at(saturday, 8),
    endsAt: at(saturday, 12),
    capacity: 12,
    remaining: 2,
    waitlist: false,
    place: {
      ar: 'مقر الجمعية، شارع محمد الخامس — فرز الملابس',
      fr: 'Local de l’association, avenue Mohammed V — tri des vêtements',
      en: 'Association premises, Avenue Mohammed V — sorting clothes',
      zgh: 'ⴰⵙⵏⵓⴱⴳ ⵏ ⵜⵎⵙⵙⵓⵔⵜ — ⴰⵙⴼⵔⵣ ⵏ ⵉⵇⵛⵓⵔⵏ',
    },
  },
  {
    id: SHIFT.fullWithWaitlist,
    startsAt: at(saturday, 13),
    endsAt: at(saturday, 17),
    capacity: 8,
    remaining: 0,
    waitlist: true,
    place: {
      ar: 'مقر الجمعية — تحميل الشاحنات',
      fr: 'Local de l’association — chargement des camions',
      en: 'Association premises — loading the lorries',
      zgh: 'ⴰⵙⵏⵓⴱⴳ ⵏ ⵜⵎⵙⵙⵓⵔⵜ — ⴰⵙⵙⵉⵍⵉ ⵏ ⵜⴽⵓⵕⵉⵢⵉⵏ',
    },
  },
  {
    id: SHIFT.open,
    startsAt: at(saturday + DAY_MS, 7),
    endsAt: at(saturday + DAY_MS, 16),
    capacity: 30,
    remaining: 21,
    waitlist: false,
    place: {
      ar: 'دواوير أنمزي وأيت عمر — التوزيع على الأسر',
      fr: 'Douars d’Anemzi et d’Aït Omar — distribution aux familles',
      en: 'Anemzi and Aït Omar villages — handing out to families',
      zgh: 'ⵉⵖⵔⵎⴰⵏ ⵏ ⴰⵏⵎⵣⵉ ⴷ ⴰⵢⵜ ⵄⵎⵔ — ⴰⴱⵟⵟⵓ ⵉ ⵜⵡⵊⵓⵖⵉⵏ',
    },
  },
];

/**
 * The winter distribution in Tounfite: the reference server's demo opportunity id and association (its shifts and
 * questions are the stories' own, one per case they show).
 * No proof of work, so stories submit at once; `powOpportunity` is the same with `spamProtection: 'pow'`.
 */
export const openOpportunity: Opportunity = {
  id: OPPORTUNITY_ID,
  title: {
    ar: 'ساهموا في توزيع الملابس والأغطية',
    fr: 'Participez à la distribution de vêtements et de couvertures',
    en: 'Help hand out clothes and blankets',
    zgh: 'ⵎⵓⵙⵙⵓ ⴷ ⴳ ⵓⴱⵟⵟⵓ ⵏ ⵉⵇⵛⵓⵔⵏ ⴷ ⵜⵃⵏⴷⵉⵔⵉⵏ',
  },
  description: {
    ar: 'نحتاج إلى متطوعين لفرز التبرعات وتحميل الشاحنات وتوزيع الأغطية على الأسر في دواوير تونفيت قبل الثلوج.',
    fr: 'Nous cherchons des bénévoles pour trier les dons, charger les camions et distribuer les couvertures aux familles des douars de Tounfite avant la neige.',
    en: 'We need volunteers to sort donations, load the lorries and hand out blankets to families in the villages of Tounfite before the snow.',
    zgh: 'ⵏⵔⵡⴰⵙ ⵉⵎⵓⵙⵙⵓⵜⵏ ⵉ ⵓⵙⴼⵔⵣ ⵏ ⵜⵓⵙⵙⵉⵏ ⴷ ⵓⴱⵟⵟⵓ ⵏ ⵜⵃⵏⴷⵉⵔⵉⵏ ⵉ ⵜⵡⵊⵓⵖⵉⵏ ⵏ ⵜⵓⵏⴼⵉⵜ.',
  },
  association: { id: DEMO_ASSOCIATION.id, name: DEMO_ASSOCIATION.name },
  status: 'open',
  location: { city: 'Tounfite', address: 'Avenue Mohammed V', lat: 32.4667, lng: -5.2333 },
  shifts,
  questions: [
    {
      id: 'vehicle',
      type: 'select',
      required: false,
      label: {
        ar: 'هل يمكنكم إحضار سيارة؟',
        fr: 'Pouvez-vous venir avec un véhicule ?',
        en: 'Can you bring a vehicle?',
        zgh: 'ⵉⵙ ⵜⵣⵎⵔⵎ ⴰⴷ ⴷ ⵜⴰⵡⵉⵎ ⵜⴰⴽⵓⵕⵉⵜ?',
      },
      options: [
        { id: 'none', label: { ar: 'لا', fr: 'Non', en: 'No', zgh: 'ⵓⵀⵓ' } },
        { id: 'car', label: { ar: 'سيارة', fr: 'Une voiture', en: 'A car', zgh: 'ⵜⴰⴽⵓⵕⵉⵜ' } },
        {
          id: 'pickup',
          label: { ar: 'سيارة نقل (بيكوب)', fr: 'Un pick-up', en: 'A pickup truck', zgh: 'ⴱⵉⴽⵓⴱ' },
        },
      ],
    },
    {
      id: 'languages',
      type: 'multi',
      required: false,
      label: {
        ar: 'اللغات التي تتحدثونها',
        fr: 'Langues parlées',
        en: 'Languages you speak',
        zgh: 'ⵜⵓⵜⵍⴰⵢⵉⵏ ⵏⵏⵓⵏ',
      },
      options: [
        { id: 'tamazight', label: { ar: 'الأمازيغية', fr: 'Tamazight', en: 'Tamazight', zgh: 'ⵜⴰⵎⴰⵣⵉⵖⵜ' } },
        { id: 'darija', label: { ar: 'الدارجة', fr: 'Darija', en: 'Darija', zgh: 'ⵜⴰⴷⴰⵔⵉⵊⵜ' } },
        { id: 'french', label: { ar: 'الفرنسية', fr: 'Français', en: 'French', zgh: 'ⵜⴰⴼⵔⴰⵏⵙⵉⵙⵜ' } },
      ],
    },
    {
      id: 'adult',
      type: 'checkbox',
      required: true,
      label: {
        ar: 'عمري 18 سنة أو أكثر',
        fr: 'J’ai 18 ans ou plus',
        en: 'I am 18 or older',
        zgh: 'ⴷⴰⵔⵉ 18 ⵏ ⵓⵙⴳⴳⵯⴰⵙ ⵏⵖ ⵓⴳⴳⴰⵔ',
      },
    },
  ],
  spamProtection: 'none',
  privacy: {
    controller: 'Association Amal pour le développement, Tounfite',
    contact: 'donnees@amal-tounfite.example.org',
    purpose: {
      ar: 'تنظيم فرق المتطوعين والتواصل معكم بخصوص هذه الحملة فقط.',
      fr: 'Organiser les équipes de bénévoles et vous contacter au sujet de cette opération uniquement.',
      en: 'Organising volunteer teams and contacting you about this operation only.',
      zgh: 'ⴰⵙⵓⴷⵙ ⵏ ⵉⵎⵓⵙⵙⵓⵜⵏ ⴷ ⵓⵎⵢⴰⵡⴰⴹ ⴷ ⴽⵯⵏ ⵅⴼ ⵜⵎⵓⵙⵙⵓⵜ ⴰⴷ.',
    },
    retentionMonths: 12,
    noticeUrl: 'https://example.org/amal-tounfite/donnees-personnelles',
    cndpReceipt: 'D-W-482/2025',
  },
};

/** The same opportunity, now closed by the organiser. */
export const closedOpportunity: Opportunity = { ...openOpportunity, status: 'closed' };

/** The same opportunity with proof-of-work spam protection, as the reference server's demo seeds it. */
export const powOpportunity: Opportunity = { ...openOpportunity, spamProtection: 'pow' };

/** A volunteer the `play` functions type in, with a phone written as Moroccans do. */
export const volunteer = {
  name: 'Itto Ait Ouhmad',
  email: 'itto.aitouhmad@example.org',
  phone: '06 12 34 56 78',
  city: 'Midelt',
};
