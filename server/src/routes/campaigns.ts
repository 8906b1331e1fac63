import type { FastifyPluginCallbackTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { withSharedRefs } from '../plugins/shared-schemas.js';
import { problemResponses } from '../problems.js';
import { Campaign, CampaignHistory, CampaignParams, HistoryInterval } from '../schemas/campaigns.js';
import type { TadamonDatabase } from '../db/database.js';
import { getCampaign, getCampaignHistory } from '../services/campaigns.js';
import { sendCached } from '../plugins/read-cache.js';
import type { ProgressHub } from '../services/progress-hub.js';

export interface CampaignRoutesOptions {
  database: TadamonDatabase;
  hub: ProgressHub;
}

/** The campaign's `status` changes by itself when it starts or ends: its cached answer lasts until then. */
function nextStatusChange({ startsAt, endsAt }: Campaign): number | undefined {
  const now = Date.now();
  return [startsAt, endsAt].map((at) => (at ? Date.parse(at) : NaN)).find((at) => at > now);
}

export const campaignRoutes: FastifyPluginCallbackTypebox<CampaignRoutesOptions> = (app, { database, hub }, done) => {
  const { db } = database;

  app.get(
    '/campaigns/:campaignId',
    {
      schema: {
        summary: 'A donation campaign with its progress',
        tags: ['campaigns'],
        params: CampaignParams,
        response: { 200: withSharedRefs(Campaign), ...problemResponses(404, 429) },
      },
    },
    (request, reply) =>
      sendCached(reply, 'campaign', request.params.campaignId, async () => {
        const campaign = await getCampaign(db, request.params.campaignId);
        return { value: campaign, expiresAt: nextStatusChange(campaign) };
      }),
  );

  app.get(
    '/campaigns/:campaignId/history',
    {
      schema: {
        summary: 'Cumulative amount raised per day or week',
        tags: ['campaigns'],
        params: CampaignParams,
        querystring: Type.Object({ interval: Type.Optional(HistoryInterval) }),
        response: { 200: withSharedRefs(CampaignHistory), ...problemResponses(404, 422, 429) },
      },
    },
    (request) => getCampaignHistory(db, request.params.campaignId, request.query.interval ?? 'day'),
  );

  app.get(
    '/campaigns/:campaignId/events',
    {
      schema: {
        summary: 'Live progress (server-sent events)',
        description:
          `Event \`progress\` with the campaign on connect and on every change; a comment line at least every ` +
          `${Math.ceil(app.eventStreams.heartbeatMs / 1000)} s. Streams are capped per client address and in total: ` +
          'over the cap, 503 `too_many_streams` with `Retry-After` (poll the campaign meanwhile).',
        tags: ['campaigns'],
        params: CampaignParams,
        response: {
          200: { description: 'Event stream', content: { 'text/event-stream': { schema: Type.String() } } },
          ...problemResponses(404, 429, 503),
        },
      },
    },
    async (request, reply) => {
      // First, before any await: takes a slot (or 503) and watches for the client leaving.
      const stream = app.eventStreams.open(request, reply);
      const { campaignId } = request.params;
      const campaign = await getCampaign(db, campaignId);
      stream.start();
      let lastUpdatedAt = '';
      const send = (next: Campaign) => {
        // A notification racing the initial load must not replace newer data with older.
        if (next.updatedAt < lastUpdatedAt) return;
        lastUpdatedAt = next.updatedAt;
        stream.send('progress', next);
      };
      // Unsubscribed when the stream closes, at once if the client left during the load.
      stream.onClose(hub.subscribe(campaignId, send));
      send(campaign);
    },
  );
  done();
};
