import { sql, type Kysely, type Selectable } from 'kysely';
import { PROGRESS_CHANNEL } from '../db/database.js';
import type { CampaignItemsTable, Database } from '../db/types.js';
import { ProblemError } from '../problems.js';
import type {
  Campaign,
  CampaignCreateInput,
  CampaignHistory,
  CampaignPatchInput,
  CampaignStatus,
  DonationInput,
  ReceiptInput,
} from '../schemas/campaigns.js';
import { jsonColumn, namedColumns } from './columns.js';

type Db = Kysely<Database>;
export type HistoryInterval = 'day' | 'week';

const campaignNotFound = (id: string) => new ProblemError(404, 'campaign_not_found', `No campaign "${id}".`);

function statusAt(now: Date, startsAt: Date | null, endsAt: Date | null): CampaignStatus {
  if (startsAt && now < startsAt) return 'upcoming';
  if (endsAt && now >= endsAt) return 'ended';
  return 'active';
}

function toItem(row: Selectable<CampaignItemsTable>) {
  return {
    id: row.id,
    label: row.label,
    ...(row.unit === null ? {} : { unit: row.unit }),
    needed: row.needed,
    received: row.received,
  };
}

export async function findCampaign(db: Db, campaignId: string, now = new Date()): Promise<Campaign | undefined> {
  const row = await db
    .selectFrom('campaigns')
    .innerJoin('associations', 'associations.id', 'campaigns.association_id')
    .selectAll('campaigns')
    .select(['associations.name as association_name', 'associations.city as association_city'])
    .where('campaigns.id', '=', campaignId)
    .executeTakeFirst();
  if (!row) return undefined;
  const items = await db
    .selectFrom('campaign_items')
    .selectAll()
    .where('campaign_id', '=', campaignId)
    .orderBy('position')
    .execute();
  return {
    id: row.id,
    title: row.title,
    association: {
      id: row.association_id,
      name: row.association_name,
      ...(row.association_city === null ? {} : { city: row.association_city }),
    },
    currency: row.currency,
    goal: Number(row.goal_minor),
    raised: Number(row.raised_minor),
    donors: row.donor_count,
    status: statusAt(now, row.starts_at, row.ends_at),
    ...(row.starts_at ? { startsAt: row.starts_at.toISOString() } : {}),
    ...(row.ends_at ? { endsAt: row.ends_at.toISOString() } : {}),
    ...(row.donate_url ? { donateUrl: row.donate_url } : {}),
    updatedAt: row.updated_at.toISOString(),
    ...(row.milestones ? { milestones: row.milestones } : {}),
    ...(items.length > 0 ? { items: items.map(toItem) } : {}),
  };
}

export async function getCampaign(db: Db, campaignId: string, now = new Date()): Promise<Campaign> {
  const campaign = await findCampaign(db, campaignId, now);
  if (!campaign) throw campaignNotFound(campaignId);
  return campaign;
}

/** Campaign days are Moroccan days: a donation at 00:30 in Casablanca counts for that day, not the UTC one. */
const CAMPAIGN_TIME_ZONE = 'Africa/Casablanca';

/**
 * Cumulative raised amount per Moroccan day or week (from Monday), without gaps, from the campaign start to now (or
 * its end). Each point is dated at the instant its day or week begins in Morocco, so a client writes it in
 * `Africa/Casablanca` time as that day wherever the visitor is. Days are calendar days: the one of the change of
 * hour for Ramadan has 23 or 25 hours.
 */
export async function getCampaignHistory(
  db: Db,
  campaignId: string,
  interval: HistoryInterval,
  now = new Date(),
): Promise<CampaignHistory> {
  const campaign = await db
    .selectFrom('campaigns')
    .select(['currency', 'starts_at', 'ends_at'])
    .where('id', '=', campaignId)
    .executeTakeFirst();
  if (!campaign) throw campaignNotFound(campaignId);
  const span = await db
    .selectFrom('donations')
    .select((eb) => [eb.fn.min('created_at').as('first'), eb.fn.max('created_at').as('last')])
    .where('campaign_id', '=', campaignId)
    .executeTakeFirstOrThrow();
  const first = span.first === null ? null : new Date(span.first);
  if (!first && (!campaign.starts_at || campaign.starts_at > now)) return { currency: campaign.currency, points: [] };

  const start = [campaign.starts_at, first]
    .filter((date) => date !== null)
    .sort((a, b) => a.getTime() - b.getTime())[0];
  // An end at midnight closes the day before: its last moment is what counts.
  const end = campaign.ends_at && campaign.ends_at < now ? new Date(campaign.ends_at.getTime() - 1) : now;
  const last = span.last === null ? end : new Date(Math.max(end.getTime(), new Date(span.last).getTime()));

  // Local calendar buckets, their gaps filled by generate_series and summed up in order; `at time zone` turns each
  // local midnight back into an instant, on either side of a change of hour.
  const local = (instant: Date) =>
    sql`date_trunc(${interval}, ${instant}::timestamptz at time zone ${CAMPAIGN_TIME_ZONE})`;
  const { rows } = await sql<{ at: Date | string; raised: string }>`
    with totals as (
      select date_trunc(${interval}, created_at at time zone ${CAMPAIGN_TIME_ZONE}) as bucket,
             sum(amount_minor) as total
      from donations
      where campaign_id = ${campaignId}
      group by 1
    )
    select series.bucket at time zone ${CAMPAIGN_TIME_ZONE} as at,
           sum(coalesce(totals.total, 0)) over (order by series.bucket) as raised
    from generate_series(${local(start)}, ${local(last)}, ${`1 ${interval}`}::interval) as series (bucket)
    left join totals on totals.bucket = series.bucket
    order by series.bucket
  `.execute(db);
  return {
    currency: campaign.currency,
    points: rows.map((row) => ({ at: new Date(row.at).toISOString(), raised: Number(row.raised) })),
  };
}

/**
 * Runs `change` in a transaction that also announces the campaign's progress (delivered only if the change commits),
 * then reads the campaign back.
 */
async function changeCampaign(db: Db, campaignId: string, change: (trx: Db) => Promise<void>): Promise<Campaign> {
  await db.transaction().execute(async (trx) => {
    await change(trx);
    await sql`select pg_notify(${PROGRESS_CHANNEL}, ${campaignId})`.execute(trx);
  });
  return getCampaign(db, campaignId);
}

export async function recordDonation(db: Db, campaignId: string, input: DonationInput): Promise<Campaign> {
  return changeCampaign(db, campaignId, async (trx) => {
    const amount = input.amount;
    // The row lock taken by this UPDATE orders concurrent donations to one campaign.
    const updated = await trx
      .updateTable('campaigns')
      .set({
        raised_minor: sql<number>`raised_minor + ${amount}`,
        donor_count: sql<number>`donor_count + 1`,
        updated_at: sql<Date>`now()`,
      })
      .where('id', '=', campaignId)
      .returning(['currency'])
      .executeTakeFirst();
    if (!updated) throw campaignNotFound(campaignId);
    if (input.currency !== undefined && input.currency !== updated.currency) {
      throw new ProblemError(422, 'currency_mismatch', `This campaign collects ${updated.currency}.`, [
        { field: 'currency', code: 'currency_mismatch' },
      ]);
    }
    await trx
      .insertInto('donations')
      .values({
        campaign_id: campaignId,
        amount_minor: amount,
        currency: updated.currency,
        source: input.source ?? 'cash',
        donor_name: input.anonymous ? null : (input.donorName ?? null),
        anonymous: input.anonymous ?? false,
      })
      .execute();
  });
}

export async function recordReceipt(
  db: Db,
  campaignId: string,
  itemId: string,
  input: ReceiptInput,
): Promise<Campaign> {
  return changeCampaign(db, campaignId, async (trx) => {
    const campaign = await trx
      .updateTable('campaigns')
      .set({ updated_at: sql<Date>`now()` })
      .where('id', '=', campaignId)
      .returning(['id'])
      .executeTakeFirst();
    if (!campaign) throw campaignNotFound(campaignId);
    const item = await trx
      .updateTable('campaign_items')
      .set({ received: sql<number>`received + ${input.quantity}` })
      .where('campaign_id', '=', campaignId)
      .where('id', '=', itemId)
      .returning(['id'])
      .executeTakeFirst();
    if (!item) throw new ProblemError(404, 'item_not_found', `No item "${itemId}" in campaign "${campaignId}".`);
    await trx
      .insertInto('item_receipts')
      .values({ campaign_id: campaignId, item_id: itemId, quantity: input.quantity })
      .execute();
  });
}

export async function createCampaign(db: Db, input: CampaignCreateInput): Promise<Campaign> {
  const errors = [];
  if (input.startsAt && input.endsAt && Date.parse(input.endsAt) <= Date.parse(input.startsAt)) {
    errors.push({ field: 'endsAt', code: 'before_start' });
  }
  const itemIds = (input.items ?? []).map((item) => item.id);
  itemIds.forEach((id, index) => {
    if (itemIds.indexOf(id) !== index) errors.push({ field: `items.${index}.id`, code: 'duplicate' });
  });
  if (errors.length > 0) throw new ProblemError(422, 'validation_failed', 'The campaign is inconsistent.', errors);

  return changeCampaign(db, input.id, async (trx) => {
    const { association } = input;
    const city = association.city === undefined ? null : JSON.stringify(association.city);
    await trx
      .insertInto('associations')
      .values({ id: association.id, name: JSON.stringify(association.name), city })
      .onConflict((oc) => oc.column('id').doUpdateSet({ name: JSON.stringify(association.name), city }))
      .execute();
    const inserted = await trx
      .insertInto('campaigns')
      .values({
        id: input.id,
        association_id: association.id,
        title: JSON.stringify(input.title),
        currency: input.currency ?? 'MAD',
        goal_minor: input.goal,
        starts_at: input.startsAt ? new Date(input.startsAt) : null,
        ends_at: input.endsAt ? new Date(input.endsAt) : null,
        donate_url: input.donateUrl ?? null,
        milestones: input.milestones ? JSON.stringify(input.milestones) : null,
      })
      .onConflict((oc) => oc.column('id').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!inserted) throw new ProblemError(409, 'campaign_exists', `A campaign "${input.id}" already exists.`);
    if (input.items && input.items.length > 0) {
      await trx
        .insertInto('campaign_items')
        .values(
          input.items.map((item, position) => ({
            campaign_id: input.id,
            id: item.id,
            position,
            label: JSON.stringify(item.label),
            unit: item.unit === undefined ? null : JSON.stringify(item.unit),
            needed: item.needed,
          })),
        )
        .execute();
    }
  });
}

/** Changes only what `input` names; items are changed or added (never deleted: receipts refer to them). */
export async function updateCampaign(db: Db, campaignId: string, input: CampaignPatchInput): Promise<Campaign> {
  return changeCampaign(db, campaignId, async (trx) => {
    // The row lock orders this change with donations and other changes.
    const row = await trx
      .selectFrom('campaigns')
      .select(['starts_at', 'ends_at'])
      .where('id', '=', campaignId)
      .forUpdate()
      .executeTakeFirst();
    if (!row) throw campaignNotFound(campaignId);
    const asDate = (value: string | null | undefined, current: Date | null) =>
      value === undefined ? current : value === null ? null : new Date(value);
    const startsAt = asDate(input.startsAt, row.starts_at);
    const endsAt = asDate(input.endsAt, row.ends_at);
    const errors = [];
    if (startsAt && endsAt && endsAt <= startsAt) errors.push({ field: 'endsAt', code: 'before_start' });
    const existing = await trx
      .selectFrom('campaign_items')
      .select(['id', 'position'])
      .where('campaign_id', '=', campaignId)
      .execute();
    const known = new Set(existing.map((item) => item.id));
    const items = input.items ?? [];
    items.forEach((item, index) => {
      if (items.findIndex((other) => other.id === item.id) !== index) {
        errors.push({ field: `items.${index}.id`, code: 'duplicate' });
      }
      if (known.has(item.id)) return;
      if (item.label === undefined) errors.push({ field: `items.${index}.label`, code: 'required' });
      if (item.needed === undefined) errors.push({ field: `items.${index}.needed`, code: 'required' });
    });
    if (errors.length > 0) throw new ProblemError(422, 'validation_failed', 'The campaign is inconsistent.', errors);

    await trx
      .updateTable('campaigns')
      .set({
        ...namedColumns({
          title: jsonColumn(input.title),
          goal_minor: input.goal,
          starts_at: input.startsAt === undefined ? undefined : startsAt,
          ends_at: input.endsAt === undefined ? undefined : endsAt,
          donate_url: input.donateUrl,
          milestones: jsonColumn(input.milestones),
        }),
        updated_at: sql<Date>`now()`,
      })
      .where('id', '=', campaignId)
      .execute();
    let position = Math.max(-1, ...existing.map((item) => item.position));
    for (const item of items) {
      const unit = jsonColumn(item.unit);
      if (!known.has(item.id)) {
        await trx
          .insertInto('campaign_items')
          .values({
            campaign_id: campaignId,
            id: item.id,
            position: ++position,
            label: JSON.stringify(item.label),
            unit: unit ?? null,
            needed: item.needed!,
          })
          .execute();
        continue;
      }
      const changes = namedColumns({ label: jsonColumn(item.label), unit, needed: item.needed });
      if (Object.keys(changes).length === 0) continue;
      await trx
        .updateTable('campaign_items')
        .set(changes)
        .where('campaign_id', '=', campaignId)
        .where('id', '=', item.id)
        .execute();
    }
  });
}
