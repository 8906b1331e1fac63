import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createCampaign, getCampaignHistory } from '../../server/src/services/campaigns.js';
import { backends, type TestDatabase } from './helper.js';

/** Donations at given instants (the admin API would stamp them with now()). */
async function donate(db: TestDatabase, campaignId: string, donations: [at: string, amount: number][]) {
  await db.database.db
    .insertInto('donations')
    .values(
      donations.map(([at, amount]) => ({
        campaign_id: campaignId,
        amount_minor: amount,
        currency: 'MAD',
        source: 'cash',
        anonymous: false,
        created_at: new Date(at),
      })),
    )
    .execute();
}

for (const backend of backends) {
  describe(
    `campaign history on ${backend.name}: days and weeks of Morocco (Africa/Casablanca)`,
    { skip: backend.skip },
    () => {
      let db: TestDatabase;
      before(async () => {
        db = await backend.open();
      });
      after(async () => db?.close());

      test('buckets by the Moroccan day, and dates each point at that day’s midnight in Morocco', async () => {
        // January: Morocco is on UTC+1. From 10 January 00:00 to 13 January 00:00 there: three days.
        await createCampaign(db.database.db, {
          id: 'history-january',
          title: 'Janvier',
          association: { id: 'amal-tounfite', name: 'Amal' },
          goal: 1_000_000,
          startsAt: '2026-01-09T23:00:00Z',
          endsAt: '2026-01-12T23:00:00Z',
        });
        await donate(db, 'history-january', [
          ['2026-01-10T22:30:00Z', 100], // 23:30 on the 10th in Morocco (and in UTC)
          ['2026-01-10T23:30:00Z', 200], // 00:30 on the 11th in Morocco, still the 10th in UTC
          ['2026-01-12T22:59:00Z', 400], // 23:59 on the 12th, the last minute
        ]);
        const history = await getCampaignHistory(db.database.db, 'history-january', 'day', new Date('2026-02-01'));
        assert.deepEqual(history.points, [
          { at: '2026-01-09T23:00:00.000Z', raised: 100 },
          { at: '2026-01-10T23:00:00.000Z', raised: 300 },
          { at: '2026-01-11T23:00:00.000Z', raised: 700 },
        ]);
        const weekly = await getCampaignHistory(db.database.db, 'history-january', 'week', new Date('2026-02-01'));
        // Monday 5 January 00:00 in Morocco, and Monday 12 January.
        assert.deepEqual(weekly.points, [
          { at: '2026-01-04T23:00:00.000Z', raised: 300 },
          { at: '2026-01-11T23:00:00.000Z', raised: 700 },
        ]);
      });

      test('follows Morocco’s change of hour for Ramadan (UTC+0 from 15 February 2026, 03:00)', async () => {
        await createCampaign(db.database.db, {
          id: 'history-ramadan',
          title: 'Ramadan',
          association: { id: 'amal-tounfite', name: 'Amal' },
          goal: 1_000_000,
          startsAt: '2026-02-13T23:00:00Z', // 14 February 00:00 (UTC+1)
          endsAt: '2026-02-17T00:00:00Z', // 17 February 00:00 (UTC+0)
        });
        await donate(db, 'history-ramadan', [['2026-02-14T23:30:00Z', 50]]); // 15 February 00:30 in Morocco
        const history = await getCampaignHistory(db.database.db, 'history-ramadan', 'day', new Date('2026-03-01'));
        // The 15th has 23 hours: the 16th starts at midnight UTC.
        assert.deepEqual(history.points, [
          { at: '2026-02-13T23:00:00.000Z', raised: 0 },
          { at: '2026-02-14T23:00:00.000Z', raised: 50 },
          { at: '2026-02-16T00:00:00.000Z', raised: 50 },
        ]);
      });
    },
  );
}
