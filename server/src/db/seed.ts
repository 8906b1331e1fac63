import type { Kysely } from 'kysely';
import type { OpportunityCreateInput } from '../schemas/opportunities.js';
import { insertOpportunity, insertSignup, loadOpportunity } from '../services/opportunities/index.js';
import { seedDemoBallots } from './seed-ballots.js';
import type { Database } from './types.js';
import { DEMO_ASSOCIATION as ASSOCIATION, DEMO_CAMPAIGNS as CAMPAIGNS } from './demo-data.js';

const DAY_MS = 86_400_000;
const MAD = 100; // centimes per dirham

/** Small deterministic PRNG (mulberry32): the demo history is the same on every machine. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const DONOR_NAMES = [
  'Fatima Zahra B.',
  'Youssef A.',
  'Aicha O.',
  'Hassan I.',
  'Itto M.',
  'Said U.',
  'Khadija L.',
  'Moha N.',
];
const SOURCES = ['card', 'card', 'card', 'transfer', 'cash', 'cash', 'pledge'];
const AMOUNTS_MAD = [50, 100, 100, 100, 200, 200, 250, 300, 500, 500, 1000, 2000];

/**
 * Fills an empty database with the demo campaigns and the demo opportunity; each part is skipped when
 * already there (so a database from before the opportunities still gets its demo opportunity).
 */
export async function seedDemoData(db: Kysely<Database>, now = new Date()): Promise<boolean> {
  const campaigns = await seedDemoCampaigns(db, now);
  const opportunity = await seedDemoOpportunity(db, now);
  const ballots = await seedDemoBallots(db, now);
  return campaigns || opportunity || ballots;
}

async function seedDemoCampaigns(db: Kysely<Database>, now: Date): Promise<boolean> {
  const existing = await db.selectFrom('campaigns').select('id').limit(1).executeTakeFirst();
  if (existing) return false;

  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('associations')
      .values({ id: ASSOCIATION.id, name: JSON.stringify(ASSOCIATION.name), city: JSON.stringify(ASSOCIATION.city) })
      .execute();

    for (const [index, campaign] of CAMPAIGNS.entries()) {
      const next = random(index + 2026);
      const startsAt = new Date(now.getTime() - campaign.startsDaysAgo * DAY_MS);
      const endsAt = new Date(startsAt.getTime() + campaign.durationDays * DAY_MS);
      const lastDonationAt = Math.min(now.getTime() - 60_000, endsAt.getTime());

      const donations: { amount_minor: number; created_at: Date; donor_name: string | null; source: string }[] = [];
      for (let at = startsAt.getTime(); at < lastDonationAt; at += DAY_MS) {
        const count = Math.round(campaign.donationsPerDay * (0.5 + next()));
        for (let n = 0; n < count; n++) {
          const createdAt = Math.min(at + Math.floor(next() * DAY_MS), lastDonationAt);
          const named = next() < 0.4;
          donations.push({
            amount_minor: AMOUNTS_MAD[Math.floor(next() * AMOUNTS_MAD.length)] * MAD,
            created_at: new Date(createdAt),
            donor_name: named ? DONOR_NAMES[Math.floor(next() * DONOR_NAMES.length)] : null,
            source: SOURCES[Math.floor(next() * SOURCES.length)],
          });
        }
      }
      for (const gift of campaign.largeGifts ?? []) {
        donations.push({
          amount_minor: gift.amountMad * MAD,
          created_at: new Date(now.getTime() - gift.daysAgo * DAY_MS),
          donor_name: gift.name,
          source: 'transfer',
        });
      }
      const raised = donations.reduce((sum, donation) => sum + donation.amount_minor, 0);

      await trx
        .insertInto('campaigns')
        .values({
          id: campaign.id,
          association_id: ASSOCIATION.id,
          title: JSON.stringify(campaign.title),
          currency: 'MAD',
          goal_minor: campaign.goalMad * MAD,
          raised_minor: raised,
          donor_count: donations.length,
          starts_at: startsAt,
          ends_at: endsAt,
          donate_url: campaign.donateUrl,
          milestones: campaign.milestones
            ? JSON.stringify(campaign.milestones.map((m) => ({ amount: m.amountMad * MAD, label: m.label })))
            : null,
          updated_at: donations.length > 0 ? new Date(lastDonationAt) : now,
        })
        .execute();
      if (donations.length > 0) {
        await trx
          .insertInto('donations')
          .values(
            donations.map((donation) => ({
              campaign_id: campaign.id,
              currency: 'MAD',
              anonymous: donation.donor_name === null,
              ...donation,
            })),
          )
          .execute();
      }

      for (const [position, item] of (campaign.items ?? []).entries()) {
        await trx
          .insertInto('campaign_items')
          .values({
            campaign_id: campaign.id,
            id: item.id,
            position,
            label: JSON.stringify(item.label),
            unit: JSON.stringify(item.unit),
            needed: item.needed,
            received: item.received,
          })
          .execute();
        // Two deliveries per item, so the receipts table agrees with `received`.
        const first = Math.ceil(item.received * 0.6);
        await trx
          .insertInto('item_receipts')
          .values([
            {
              campaign_id: campaign.id,
              item_id: item.id,
              quantity: first,
              created_at: new Date(startsAt.getTime() + 5 * DAY_MS),
            },
            {
              campaign_id: campaign.id,
              item_id: item.id,
              quantity: item.received - first,
              created_at: new Date(now.getTime() - 2 * DAY_MS),
            },
          ])
          .execute();
      }
    }
  });
  return true;
}

export const DEMO_OPPORTUNITY = 'winter-distribution-tounfite';

/** Midday UTC `days` from `now`, so shift times read well in Morocco (UTC+1). */
function dayAt(now: Date, days: number, hourUtc: number): string {
  const day = new Date(now.getTime() + days * DAY_MS);
  day.setUTCHours(hourUtc, 0, 0, 0);
  return day.toISOString();
}

/** Days from `now` to the first Saturday at least three days ahead (shifts run 07:00–15:00 UTC: the same day in Morocco). */
function firstSaturday(now: Date): number {
  const SATURDAY = 6;
  return 3 + ((SATURDAY - new Date(now.getTime() + 3 * DAY_MS).getUTCDay() + 7) % 7);
}

export function demoOpportunity(now: Date): OpportunityCreateInput {
  const saturday = firstSaturday(now);
  return {
    id: DEMO_OPPORTUNITY,
    title: {
      ar: 'توزيع الملابس والأغطية الشتوية في دواوير تونفيت',
      fr: 'Distribution de vêtements et couvertures d’hiver dans les douars de Tounfite',
      en: 'Winter clothes and blankets distribution in the villages around Tounfite',
      zgh: 'ⴰⴱⵟⵟⵓ ⵏ ⵉⵄⴰⵍⵍⵏ ⴷ ⵉⴱⵟⵟⴰⵏⵏ ⵏ ⵜⴳⵔⵙⵜ ⴳ ⵉⵖⵔⵎⴰⵏ ⵏ ⵜⵓⵏⴼⵉⵜ',
    },
    description: {
      ar: 'نحتاج متطوعين في أربع فترات: فرز الملابس صباح السبت في دار الشباب بتونفيت، ثم التوزيع على الأسر ثلاثة آحاد متتالية في أنفكو وأكوديم وتيغدوين.',
      fr: 'Nous cherchons des bénévoles pour quatre créneaux : le tri des vêtements un samedi matin à la Maison des jeunes de Tounfite, puis trois dimanches de distribution aux familles, à Anefgou, Agoudim et Tighdouine.',
      en: 'We need volunteers for four shifts: sorting clothes on a Saturday morning at the Tounfite youth centre, then three Sundays handing out to families in Anefgou, Agoudim and Tighdouine.',
      zgh: 'ⵏⵔⴰ ⵉⵎⵢⴰⵡⴰⵙⵏ ⵉ ⴽⴽⵓⵥ ⵜⵉⵣⵉⵡⵉⵏ: ⴰⵙⵙⵏⵜⵍ ⵏ ⵉⵄⴰⵍⵍⵏ ⴰⵙⵙ ⵏ ⵙⵙⴱⵜ ⵜⵉⴼⴰⵡⵜ ⴳ ⵜⴰⴷⴷⴰⵔⵜ ⵏ ⵉⵎⵥⵥⵢⴰⵏⵏ ⵏ ⵜⵓⵏⴼⵉⵜ, ⴷ ⴽⵕⴰⴹ ⵡⵓⵙⵙⴰⵏ ⵏ ⵍⵃⴷ ⵏ ⵓⴱⵟⵟⵓ ⵉ ⵜⵡⴰⵛⵓⵍ ⴳ ⴰⵏⴼⴳⵓ, ⴰⴳⵓⴷⵉⵎ ⴷ ⵜⵉⵖⴷⵡⵉⵏ.',
    },
    association: {
      id: 'amal-tounfite',
      name: {
        ar: 'جمعية الأمل للتنمية',
        fr: 'Association Amal pour le développement',
        en: 'Amal Development Association',
        zgh: 'ⵜⴰⵎⵙⵙⵓⵔⵜ ⵏ ⵍⴰⵎⴰⵍ',
      },
    },
    location: {
      city: { ar: 'تونفيت', fr: 'Tounfite', en: 'Tounfite', zgh: 'ⵜⵓⵏⴼⵉⵜ' },
      address: { ar: 'دار الشباب', fr: 'Maison des jeunes', en: 'Youth centre', zgh: 'ⵜⴰⴷⴷⴰⵔⵜ ⵏ ⵉⵎⵥⵥⵢⴰⵏⵏ' },
      lat: 32.468,
      lng: -5.241,
    },
    // What the description says: sorting on a Saturday morning, then a distribution on each of the three Sundays.
    shifts: [
      {
        id: 'sorting-tounfite',
        startsAt: dayAt(now, saturday, 8),
        endsAt: dayAt(now, saturday, 12),
        capacity: 12,
        place: {
          ar: 'دار الشباب، تونفيت',
          fr: 'Maison des jeunes, Tounfite',
          en: 'Youth centre, Tounfite',
          zgh: 'ⵜⴰⴷⴷⴰⵔⵜ ⵏ ⵉⵎⵥⵥⵢⴰⵏⵏ, ⵜⵓⵏⴼⵉⵜ',
        },
      },
      {
        id: 'anefgou-distribution',
        startsAt: dayAt(now, saturday + 1, 7),
        endsAt: dayAt(now, saturday + 1, 15),
        capacity: 8,
        waitlist: true,
        place: { ar: 'أنفكو', fr: 'Anefgou', en: 'Anefgou', zgh: 'ⴰⵏⴼⴳⵓ' },
      },
      {
        id: 'agoudim-distribution',
        startsAt: dayAt(now, saturday + 8, 7),
        endsAt: dayAt(now, saturday + 8, 15),
        capacity: 25,
        waitlist: true,
        place: { ar: 'أكوديم', fr: 'Agoudim', en: 'Agoudim', zgh: 'ⴰⴳⵓⴷⵉⵎ' },
      },
      {
        id: 'tighdouine-distribution',
        startsAt: dayAt(now, saturday + 15, 7),
        endsAt: dayAt(now, saturday + 15, 15),
        capacity: 15,
        place: { ar: 'تيغدوين', fr: 'Tighdouine', en: 'Tighdouine', zgh: 'ⵜⵉⵖⴷⵡⵉⵏ' },
      },
    ],
    questions: [
      {
        id: 'four-by-four',
        label: {
          ar: 'هل لديك سيارة رباعية الدفع؟',
          fr: 'Avez-vous un véhicule 4×4 ?',
          en: 'Do you have a 4×4 vehicle?',
          zgh: 'ⵉⵙ ⵖⵓⵔⴽ ⵜⴰⴽⵔⵔⵓⵙⵜ 4×4?',
        },
        type: 'checkbox',
        required: false,
      },
      {
        id: 'languages',
        label: {
          ar: 'اللغات التي تتحدثها',
          fr: 'Langues parlées',
          en: 'Languages spoken',
          zgh: 'ⵜⵓⵜⵍⴰⵢⵉⵏ ⵍⵍⵉ ⵜⵙⵙⵉⵡⵉⵍⴷ',
        },
        type: 'multi',
        required: true,
        options: [
          { id: 'tamazight', label: { ar: 'الأمازيغية', fr: 'Tamazight', en: 'Tamazight', zgh: 'ⵜⴰⵎⴰⵣⵉⵖⵜ' } },
          { id: 'arabic', label: { ar: 'العربية', fr: 'Arabe', en: 'Arabic', zgh: 'ⵜⴰⵄⵔⴰⴱⵜ' } },
          { id: 'french', label: { ar: 'الفرنسية', fr: 'Français', en: 'French', zgh: 'ⵜⴰⴼⵔⴰⵏⵙⵉⵙⵜ' } },
        ],
      },
      {
        id: 'notes',
        label: {
          ar: 'هل هناك ما يجب أن نعرفه؟',
          fr: 'Quelque chose que nous devrions savoir ?',
          en: 'Anything we should know?',
          zgh: 'ⵉⵙ ⵍⵍⴰⵏ ⴽⵔⴰ ⵖⴼ ⵉⵇⵇⴰⵏ ⴰⴷ ⵜ ⵏⵙⵙⵏ?',
        },
        type: 'text',
        required: false,
      },
    ],
    spamProtection: 'pow',
    privacy: {
      controller: 'Association Amal pour le développement, Tounfite',
      contact: 'privacy@amal-tounfite.example.org',
      purpose: {
        ar: 'تنظيم المتطوعين في يوم التوزيع والتواصل معهم بشأنه فقط.',
        fr: 'Organiser les bénévoles de la distribution et les contacter à son sujet uniquement.',
        en: 'Organising the distribution’s volunteers and contacting them about it only.',
        zgh: 'ⴰⵙⵏⵓⴷⵙ ⵏ ⵉⵎⵢⴰⵡⴰⵙⵏ ⵏ ⵓⴱⵟⵟⵓ.',
      },
      retentionMonths: 12,
      noticeUrl: 'https://example.org/amal-tounfite/privacy',
      cndpReceipt: 'D-W-123/2026',
    },
    allowedOrigins: ['http://127.0.0.1:8080', 'http://localhost:8080', 'http://localhost:5173'],
  };
}

const VOLUNTEERS = [
  'Itto Oubaha',
  'Moha Ait Said',
  'Fatima Zahra Bennani',
  'Youssef Amrani',
  'Aicha Oulhaj',
  'Hassan Idrissi',
  'Khadija Lahlou',
  'Said Ouchen',
  'Zineb Alaoui',
  'Brahim Ait Lahcen',
  'Nadia Moutawakil',
  'Omar Benjelloun',
];

/** Taken places are real signups, made through the same code as the API's, so every counter is right. */
async function seedDemoOpportunity(db: Kysely<Database>, now: Date): Promise<boolean> {
  if (await loadOpportunity(db, DEMO_OPPORTUNITY)) return false;
  await db.transaction().execute(async (trx) => {
    await insertOpportunity(trx, demoOpportunity(now));
    const loaded = (await loadOpportunity(trx, DEMO_OPPORTUNITY))!;
    // Sorting nearly full (11 of 12), Anefgou full with 3 waitlisted, Agoudim with 4 of 25, Tighdouine open.
    const taken: [string, number][] = [
      ['sorting-tounfite', 11],
      ['anefgou-distribution', 11],
      ['agoudim-distribution', 4],
    ];
    let person = 0;
    for (const [shiftId, count] of taken) {
      for (let n = 0; n < count; n++, person++) {
        const name = VOLUNTEERS[person % VOLUNTEERS.length];
        await insertSignup(
          trx,
          loaded.opportunity,
          {
            shiftIds: [shiftId],
            name,
            email: `volunteer${person + 1}@example.org`,
            phone: null,
            city: 'Tounfite',
            skills: null,
            answers: {
              languages: person % 3 === 0 ? ['tamazight', 'french'] : person % 2 ? ['tamazight'] : ['arabic', 'french'],
            },
            newsOptIn: person % 2 === 0,
            locale: person % 2 ? 'ar' : 'fr',
          },
          { origin: 'seed', noticeVersion: loaded.noticeVersion },
          now,
        );
      }
    }
  });
  return true;
}
