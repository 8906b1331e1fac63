/**
 * The demo data's texts, without any database code: the seed (seed.ts) writes them, and the fake backend of the
 * widget tests and Storybook (test/fake-backend/fixtures.ts) shows the same campaign and association.
 */

export interface SeedCampaign {
  id: string;
  title: Record<string, string>;
  goalMad: number;
  startsDaysAgo: number;
  durationDays: number;
  donationsPerDay: number;
  donateUrl: string;
  milestones?: { amountMad: number; label: Record<string, string> }[];
  items?: {
    id: string;
    label: Record<string, string>;
    unit: Record<string, string>;
    needed: number;
    received: number;
  }[];
  /** Gifts from businesses that make the curve look like a real one. */
  largeGifts?: { daysAgo: number; amountMad: number; name: string }[];
}

export const DEMO_ASSOCIATION = {
  id: 'amal-tounfite',
  name: {
    ar: 'جمعية الأمل للتنمية',
    fr: 'Association Amal pour le développement',
    en: 'Amal Development Association',
    zgh: 'ⵜⴰⵎⵙⵙⵓⵔⵜ ⵏ ⵍⴰⵎⴰⵍ',
  },
  city: { ar: 'تونفيت', fr: 'Tounfite', en: 'Tounfite', zgh: 'ⵜⵓⵏⴼⵉⵜ' },
};

export const DEMO_CAMPAIGNS: SeedCampaign[] = [
  {
    id: 'winter-blankets-tounfite',
    title: {
      ar: 'أغطية وملابس الشتاء لدواوير تونفيت',
      fr: 'Couvertures et vêtements d’hiver pour les douars de Tounfite',
      en: 'Winter blankets and clothes for the villages of Tounfite',
      zgh: 'ⵉⴱⵟⵟⴰⵏⵏ ⴷ ⵉⵄⴰⵍⵍⵏ ⵏ ⵜⴳⵔⵙⵜ ⵉ ⵉⵖⵔⵎⴰⵏ ⵏ ⵜⵓⵏⴼⵉⵜ',
    },
    goalMad: 150_000,
    startsDaysAgo: 24,
    durationDays: 44,
    donationsPerDay: 7,
    donateUrl: 'https://example.org/amal-tounfite/donate',
    milestones: [
      {
        amountMad: 50_000,
        label: {
          ar: '500 غطاء لأسر أنفكو',
          fr: '500 couvertures pour les familles d’Anefgou',
          en: '500 blankets for the families of Anefgou',
          zgh: '500 ⵏ ⵉⴱⵟⵟⴰⵏⵏ ⵉ ⵜⵡⴰⵛⵓⵍ ⵏ ⴰⵏⴼⴳⵓ',
        },
      },
      {
        amountMad: 100_000,
        label: {
          ar: 'معطف شتوي لكل طفل متمدرس',
          fr: 'Un manteau pour chaque enfant scolarisé',
          en: 'A winter coat for every schoolchild',
          zgh: 'ⴰⵇⵛⵛⴰⴱ ⵏ ⵜⴳⵔⵙⵜ ⵉ ⴽⵓ ⴰⵏⵍⵎⴰⴷ',
        },
      },
      {
        amountMad: 150_000,
        label: {
          ar: 'مدافئ الحطب لأربعين مدرسة فرعية',
          fr: 'Des poêles à bois pour quarante écoles satellites',
          en: 'Wood stoves for forty satellite schools',
          zgh: 'ⵜⵉⴽⴰⵏⵓⵏⵉⵏ ⵏ ⵉⴽⵛⵛⵓⴹⵏ ⵉ ⴽⴽⵓⵥ ⵜⵎⵔⴰⵡⵉⵏ ⵏ ⵜⵉⵏⵎⵍⵉⵏ',
        },
      },
    ],
    items: [
      {
        id: 'blankets',
        label: { ar: 'أغطية', fr: 'Couvertures', en: 'Blankets', zgh: 'ⵉⴱⵟⵟⴰⵏⵏ' },
        unit: { ar: 'غطاء', fr: 'couvertures', en: 'blankets', zgh: 'ⵉⴱⵟⵟⴰⵏⵏ' },
        needed: 500,
        received: 320,
      },
      {
        id: 'winter-coats',
        label: { ar: 'معاطف شتوية', fr: 'Manteaux d’hiver', en: 'Winter coats', zgh: 'ⵉⵇⵛⵛⴰⴱⵏ ⵏ ⵜⴳⵔⵙⵜ' },
        unit: { ar: 'معطف', fr: 'manteaux', en: 'coats', zgh: 'ⵉⵇⵛⵛⴰⴱⵏ' },
        needed: 300,
        received: 142,
      },
      {
        id: 'boots',
        label: { ar: 'أحذية شتوية', fr: 'Bottes', en: 'Boots', zgh: 'ⵉⴷⵓⴽⴰⵏ' },
        unit: { ar: 'زوج', fr: 'paires', en: 'pairs', zgh: 'ⵜⵉⵢⵓⴳⵉⵏ' },
        needed: 250,
        received: 96,
      },
      {
        id: 'wood-stoves',
        label: { ar: 'مدافئ الحطب', fr: 'Poêles à bois', en: 'Wood stoves', zgh: 'ⵜⵉⴽⴰⵏⵓⵏⵉⵏ ⵏ ⵉⴽⵛⵛⵓⴹⵏ' },
        unit: { ar: 'مدفأة', fr: 'poêles', en: 'stoves', zgh: 'ⵜⵉⴽⴰⵏⵓⵏⵉⵏ' },
        needed: 40,
        received: 11,
      },
    ],
    largeGifts: [
      { daysAgo: 21, amountMad: 15_000, name: 'Coopérative Tighaline' },
      { daysAgo: 12, amountMad: 10_000, name: 'Hôtel Ayachi, Midelt' },
      { daysAgo: 3, amountMad: 8_000, name: 'Amicale des enseignants de Khénifra' },
    ],
  },
  {
    id: 'ramadan-baskets-tounfite',
    title: {
      ar: 'قفة رمضان لأسر تونفيت',
      fr: 'Paniers du Ramadan pour les familles de Tounfite',
      en: 'Ramadan food baskets for families in Tounfite',
      zgh: 'ⵉⵙⵓⵔⴰ ⵏ ⵕⵎⴹⴰⵏ ⵉ ⵜⵡⴰⵛⵓⵍ ⵏ ⵜⵓⵏⴼⵉⵜ',
    },
    goalMad: 60_000,
    startsDaysAgo: 120,
    durationDays: 30,
    donationsPerDay: 8,
    donateUrl: 'https://example.org/amal-tounfite/ramadan',
  },
  {
    id: 'school-kits-tounfite',
    title: {
      ar: 'اللوازم المدرسية لتلاميذ تونفيت',
      fr: 'Fournitures scolaires pour les élèves de Tounfite',
      en: 'School kits for the pupils of Tounfite',
      zgh: 'ⵉⵎⴰⵙⵙⵏ ⵏ ⵜⵖⵔⵉ ⵉ ⵉⵏⵍⵎⴰⴷⵏ ⵏ ⵜⵓⵏⴼⵉⵜ',
    },
    goalMad: 40_000,
    startsDaysAgo: -30,
    durationDays: 45,
    donationsPerDay: 0,
    donateUrl: 'https://example.org/amal-tounfite/school',
  },
];
