import { Type } from 'typebox';
import { admin, Id, writeProblems, type AdminRoutes } from '../plugins/admin.js';
import { withSharedRefs } from '../plugins/shared-schemas.js';
import { problemResponses } from '../problems.js';
import {
  Campaign,
  CampaignCreateInput,
  CampaignParams,
  CampaignPatchInput,
  DonationInput,
  ReceiptInput,
} from '../schemas/campaigns.js';
import { createCampaign, recordDonation, recordReceipt, updateCampaign } from '../services/campaigns.js';

/** Registered inside the admin scope (plugins/admin.ts), which checks the token. */
export const adminRoutes: AdminRoutes = (app, { database }, done) => {
  const { db } = database;

  app.post(
    '/admin/campaigns',
    {
      schema: {
        summary: 'Create a campaign',
        ...admin,
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
        ...admin,
        params: CampaignParams,
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
        ...admin,
        params: CampaignParams,
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
        ...admin,
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
