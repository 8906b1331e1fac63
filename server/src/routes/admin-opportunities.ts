import { Type } from 'typebox';
import { admin, Id, writeProblems, type AdminRoutes } from '../plugins/admin.js';
import { withSharedRefs } from '../plugins/shared-schemas.js';
import { problemResponses } from '../problems.js';
import {
  AdminOpportunity,
  Opportunity,
  OpportunityCreateInput,
  OpportunityParams,
  OpportunityPatchInput,
  PurgeInput,
  PurgeResult,
  SignupDeleteResult,
} from '../schemas/opportunities.js';
import {
  createOpportunity,
  deleteSignup,
  getAdminOpportunity,
  purgePersonalData,
  signupsCsv,
  updateOpportunity,
} from '../services/opportunities/index.js';
import { eraseBallotEmails } from '../services/ballots/index.js';

/** Registered inside the admin scope (plugins/admin.ts), which checks the token. */
export const adminOpportunityRoutes: AdminRoutes = (app, { database }, done) => {
  const { db } = database;

  app.post(
    '/admin/opportunities',
    {
      schema: {
        summary: 'Create a volunteer opportunity with its shifts and allowed origins',
        ...admin,
        body: withSharedRefs(OpportunityCreateInput),
        response: { 201: withSharedRefs(Opportunity), ...problemResponses(...writeProblems, 409) },
      },
    },
    async (request, reply) => reply.status(201).send(await createOpportunity(db, request.body)),
  );

  app.get(
    '/admin/opportunities/:opportunityId',
    {
      schema: {
        summary: 'An opportunity with the origins allowed to send signups',
        ...admin,
        params: OpportunityParams,
        response: { 200: withSharedRefs(AdminOpportunity), ...problemResponses(401, 404, 429) },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      return getAdminOpportunity(db, request.params.opportunityId);
    },
  );

  app.patch(
    '/admin/opportunities/:opportunityId',
    {
      schema: {
        summary: 'Change an opportunity: title, description, status, allowed origins; change, add or close shifts',
        description:
          'Only the fields sent change. A shift with a known id changes its `capacity`, `place` or `closed` (a raised ' +
          'capacity goes to the waitlist first); a new id adds a shift. `description: null` removes it.',
        ...admin,
        params: OpportunityParams,
        body: withSharedRefs(OpportunityPatchInput),
        response: { 200: withSharedRefs(AdminOpportunity), ...problemResponses(...writeProblems, 404) },
      },
    },
    (request) => updateOpportunity(db, request.params.opportunityId, request.body),
  );

  app.get(
    '/admin/opportunities/:opportunityId/signups.csv',
    {
      schema: {
        summary: 'Signups as CSV (UTF-8 with BOM, one line per signup and shift)',
        ...admin,
        params: OpportunityParams,
        response: {
          200: { description: 'CSV', content: { 'text/csv': { schema: Type.String() } } },
          ...problemResponses(401, 404, 429),
        },
      },
    },
    async (request, reply) => {
      const csv = await signupsCsv(db, request.params.opportunityId);
      return reply
        .header('cache-control', 'no-store')
        .header('content-disposition', `attachment; filename="${request.params.opportunityId}-signups.csv"`)
        .type('text/csv; charset=utf-8')
        .send(csv);
    },
  );

  app.delete(
    '/admin/signups/:signupId',
    {
      schema: {
        summary: 'Delete a signup; its places go to the first waitlisted people',
        ...admin,
        params: Type.Object({ signupId: Id }),
        response: { 200: SignupDeleteResult, ...problemResponses(401, 404, 429) },
      },
    },
    (request) => deleteSignup(db, request.params.signupId),
  );

  app.post(
    '/admin/purge',
    {
      schema: {
        summary: 'Erase personal data past its retention period (counts are kept), and expired ballot emails',
        ...admin,
        body: PurgeInput,
        response: { 200: PurgeResult, ...problemResponses(...writeProblems) },
      },
    },
    async (request) => {
      const signups = await purgePersonalData(db, request.body.months);
      const ballots = await eraseBallotEmails(db);
      return { ...signups, erasedBallotEmails: ballots.votes, deletedMails: ballots.mails };
    },
  );
  done();
};
