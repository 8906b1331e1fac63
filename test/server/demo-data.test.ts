import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { demoOpportunity } from '../../server/src/db/seed.js';
import type { Campaign } from '../../server/src/schemas/campaigns.js';
import type { Opportunity } from '../../server/src/schemas/opportunities.js';
import { backends, DEMO_OPPORTUNITY, useApp } from './helper.js';

const LANGUAGES = ['ar', 'en', 'fr', 'zgh'];
const TIFINAGH = /[\u2D30-\u2D7F]/;
const DEMO_CAMPAIGNS = ['winter-blankets-tounfite', 'ramadan-baskets-tounfite', 'school-kits-tounfite'];

/** Every LocalizedText object in `value` (an object keyed by languages only), with where it was found. */
function localizedTexts(value: unknown, path = ''): [string, Record<string, string>][] {
  if (Array.isArray(value)) return value.flatMap((child, index) => localizedTexts(child, `${path}.${index}`));
  if (value === null || typeof value !== 'object') return [];
  const keys = Object.keys(value);
  if (keys.length > 0 && keys.every((key) => LANGUAGES.includes(key))) {
    return [[path, value as Record<string, string>]];
  }
  return Object.entries(value).flatMap(([key, child]) => localizedTexts(child, path ? `${path}.${key}` : key));
}

/** The weekday of an instant in Morocco, as the visitor reads it. */
const moroccanWeekday = (iso: string) =>
  new Intl.DateTimeFormat('en', { weekday: 'long', timeZone: 'Africa/Casablanca' }).format(new Date(iso));

describe('demo data', () => {
  const server = useApp(backends[0]);

  test('every text of the demo campaigns and opportunity is in Arabic, French, English and Tamazight (Tifinagh)', async () => {
    const answers = [...DEMO_CAMPAIGNS.map((id) => `/campaigns/${id}`), `/opportunities/${DEMO_OPPORTUNITY}`].map(
      async (url) => [url, (await server.app.inject(url)).json<unknown>()] as const,
    );
    let checked = 0;
    for (const [url, body] of await Promise.all(answers)) {
      for (const [path, text] of localizedTexts(body)) {
        assert.deepEqual(Object.keys(text).sort(), LANGUAGES, `${url} ${path}`);
        assert.match(text.zgh, TIFINAGH, `${url} ${path}: ${text.zgh}`);
        checked++;
      }
    }
    // Titles, names, cities, milestones, items and units, description, places, questions, options, purpose.
    assert.ok(checked >= 35, `only ${checked} texts found`);
  });

  test('places are LocalizedText, so an Arabic page shows Arabic place names', async () => {
    const campaign = (await server.app.inject(`/campaigns/${DEMO_CAMPAIGNS[0]}`)).json<Campaign>();
    const opportunity = (await server.app.inject(`/opportunities/${DEMO_OPPORTUNITY}`)).json<Opportunity>();
    for (const place of [campaign.association.city, opportunity.location.city, opportunity.location.address]) {
      assert.equal(typeof place, 'object');
      assert.deepEqual(Object.keys(place ?? {}).sort(), LANGUAGES);
    }
    assert.equal((opportunity.location.city as Record<string, string>).ar, 'تونفيت');
  });

  test('"Languages spoken" is a required multiple choice, and the seeded answers are lists of its options', async () => {
    const opportunity = (await server.app.inject(`/opportunities/${DEMO_OPPORTUNITY}`)).json<Opportunity>();
    const languages = opportunity.questions?.find((question) => question.id === 'languages');
    assert.equal(languages?.type, 'multi');
    assert.equal(languages?.required, true);
    const options = new Set(languages?.options?.map((option) => option.id));
    const rows = await server.db.database.db
      .selectFrom('signups')
      .select('answers')
      .where('opportunity_id', '=', DEMO_OPPORTUNITY)
      .execute();
    assert.ok(rows.length > 20);
    for (const { answers } of rows) {
      const chosen = answers?.languages;
      assert.ok(Array.isArray(chosen) && chosen.length > 0 && chosen.every((id) => options.has(id)), String(chosen));
    }
  });

  test('the shifts are what the description says: sorting on a Saturday morning, then three Sundays', async () => {
    const opportunity = (await server.app.inject(`/opportunities/${DEMO_OPPORTUNITY}`)).json<Opportunity>();
    assert.match((opportunity.description as Record<string, string>).fr, /quatre créneaux.*samedi.*trois dimanches/);
    assert.match((opportunity.description as Record<string, string>).en, /four shifts.*Saturday.*three Sundays/);
    assert.deepEqual(
      opportunity.shifts.map((shift) => moroccanWeekday(shift.startsAt)),
      ['Saturday', 'Sunday', 'Sunday', 'Sunday'],
    );
    // The three Sundays follow each other.
    const sundays = opportunity.shifts.slice(1).map((shift) => Date.parse(shift.startsAt));
    assert.deepEqual([sundays[1] - sundays[0], sundays[2] - sundays[1]], [7 * 86_400_000, 7 * 86_400_000]);
  });

  test('whatever the day the database is created, the Saturday is two to ten days ahead', () => {
    for (let day = 0; day < 7; day++) {
      const now = new Date(Date.UTC(2026, 11, 1 + day, 22, 30));
      const [sorting, ...distributions] = demoOpportunity(now).shifts;
      const ahead = (Date.parse(sorting.startsAt) - now.getTime()) / 86_400_000;
      assert.ok(ahead >= 2 && ahead < 10, `${now.toISOString()}: ${ahead} days`);
      assert.equal(moroccanWeekday(sorting.startsAt), 'Saturday', now.toISOString());
      assert.deepEqual(
        distributions.map((shift) => moroccanWeekday(shift.startsAt)),
        ['Sunday', 'Sunday', 'Sunday'],
      );
    }
  });
});
