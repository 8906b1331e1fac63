import type { FastifyPluginCallbackTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { TadamonDatabase } from '../db/database.js';
import { requireAdminToken } from '../plugins/admin-auth.js';
import { withSharedRefs } from '../plugins/shared-schemas.js';
import { problemResponses } from '../problems.js';
import {
  Campaign,
  CampaignCreateInput,
  CampaignPatchInput,
  DonationInput,
  ReceiptInput,
} from '../schemas/campaigns.js';
import { createCampaign, recordDonation, recordReceipt, updateCampaign } from '../services/campaigns.js';

export interface AdminRoutesOptions {
  database: TadamonDatabase;
  adminToken: string;
}

const Id = Type.String({ minLength: 1, maxLength: 200 });
const security = [{ adminToken: [] }];
const writeProblems = [400, 401, 413, 415, 422, 429];

export const adminRoutes: FastifyPluginCallbackTypebox<AdminRoutesOptions> = (app, { database, adminToken }, done) => {
  const { db } = database;
  requireAdminToken(app, adminToken);

  app.post(
    '/admin/campaigns',
    {
      schema: {
        summary: 'Create a campaign',
        tags: ['admin'],
        security,
        body: withSharedRefs(CampaignCreateInput),
        response: { 201: withSharedRefs(Campaign), ...problemResponses(...writeProblems, 409) },
      },
    },
    async (request, reply) => reply.status(201).send(await createCampaign(db, request.body)),
  );

  app.patch(
    '/admin/campaigns/:campaignId',
    {
      schema: {
        summary: 'Change a campaign: only the fields sent (null removes an optional one); items changed or added',
        tags: ['admin'],
        security,
        params: Type.Object({ campaignId: Id }),
        body: withSharedRefs(CampaignPatchInput),
        response: { 200: withSharedRefs(Campaign), ...problemResponses(...writeProblems, 404) },
      },
    },
    (request) => updateCampaign(db, request.params.campaignId, request.body),
  );

  app.post(
    '/admin/campaigns/:campaignId/donations',
    {
      schema: {
        summary: 'Record a donation (amount in minor units)',
        tags: ['admin'],
        security,
        params: Type.Object({ campaignId: Id }),
        body: DonationInput,
        response: { 201: withSharedRefs(Campaign), ...problemResponses(...writeProblems, 404) },
      },
    },
    async (request, reply) => reply.status(201).send(await recordDonation(db, request.params.campaignId, request.body)),
  );

  app.post(
    '/admin/campaigns/:campaignId/items/:itemId/receipts',
    {
      schema: {
        summary: 'Record in-kind items received',
        tags: ['admin'],
        security,
        params: Type.Object({ campaignId: Id, itemId: Id }),
        body: ReceiptInput,
        response: { 201: withSharedRefs(Campaign), ...problemResponses(...writeProblems, 404) },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await recordReceipt(db, request.params.campaignId, request.params.itemId, request.body)),
  );
  done();
};
