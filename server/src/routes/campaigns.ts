import type { FastifyPluginCallbackTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { withSharedRefs } from '../plugins/shared-schemas.js';
import { problemResponses } from '../problems.js';
import { Campaign, CampaignHistory, HistoryInterval } from '../schemas/campaigns.js';
import type { TadamonDatabase } from '../db/database.js';
import { getCampaign, getCampaignHistory } from '../services/campaigns.js';
import type { ProgressHub } from '../services/progress-hub.js';

export interface CampaignRoutesOptions {
  database: TadamonDatabase;
  hub: ProgressHub;
  heartbeatMs: number;
}

// Ids are checked by lookup, not by pattern, so a malformed id is simply an unknown campaign (404).
const CampaignParams = Type.Object({ campaignId: Type.String({ minLength: 1, maxLength: 200 }) });

export const campaignRoutes: FastifyPluginCallbackTypebox<CampaignRoutesOptions> = (
  app,
  { database, hub, heartbeatMs },
  done,
) => {
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
    (request) => getCampaign(db, request.params.campaignId),
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
        description: `Event \`progress\` with the campaign on connect and on every change; a comment line at least every ${Math.ceil(heartbeatMs / 1000)} s.`,
        tags: ['campaigns'],
        params: CampaignParams,
        response: {
          200: { description: 'Event stream', content: { 'text/event-stream': { schema: Type.String() } } },
          ...problemResponses(404, 429),
        },
      },
    },
    async (request, reply) => {
      const { campaignId } = request.params;
      const campaign = await getCampaign(db, campaignId);

      reply.hijack();
      const stream = reply.raw;
      // Hijacked replies skip onSend hooks: carry over the headers set so far (CORS).
      for (const [name, value] of Object.entries(reply.getHeaders())) {
        if (value !== undefined) stream.setHeader(name, value);
      }
      stream.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        'x-accel-buffering': 'no',
        connection: 'keep-alive',
      });
      let lastUpdatedAt = '';
      const send = (next: Campaign) => {
        // A notification racing the initial load must not replace newer data with older.
        if (next.updatedAt < lastUpdatedAt) return;
        lastUpdatedAt = next.updatedAt;
        stream.write(`event: progress\ndata: ${JSON.stringify(next)}\n\n`);
      };
      const heartbeat = setInterval(() => stream.write(': heartbeat\n\n'), heartbeatMs);
      const unsubscribe = hub.subscribe(campaignId, send, () => stream.end());
      request.raw.on('close', () => {
        clearInterval(heartbeat);
        unsubscribe();
      });
      stream.write('retry: 3000\n\n');
      send(campaign);
    },
  );
  done();
};
