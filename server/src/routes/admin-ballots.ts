import { Type } from 'typebox';
import { admin, Id, writeProblems, type AdminRoutes } from '../plugins/admin.js';
import { withSharedRefs } from '../plugins/shared-schemas.js';
import { problemResponses } from '../problems.js';
import {
  AdminBallot,
  AdminBallotResults,
  BallotCreateInput,
  BallotPatchInput,
  OfflineTallyInput,
} from '../schemas/ballots.js';
import {
  addOfflineTally,
  adminResults,
  createBallot,
  getAdminBallot,
  ledgerJsonLines,
  publishBallot,
  updateBallot,
} from '../services/ballots/index.js';

const Params = Type.Object({ ballotId: Id });

/** Registered inside the admin scope (plugins/admin.ts), which checks the token. */
export const adminBallotRoutes: AdminRoutes = (app, { database }, done) => {
  const { db } = database;

  app.post(
    '/admin/ballots',
    {
      schema: {
        summary: 'Create a ballot: categories, finalists, window, partners with their origins, organiser origins',
        ...admin,
        body: withSharedRefs(BallotCreateInput),
        response: { 201: withSharedRefs(AdminBallot), ...problemResponses(...writeProblems, 409) },
      },
    },
    async (request, reply) => reply.status(201).send(await createBallot(db, request.body)),
  );

  app.get(
    '/admin/ballots/:ballotId',
    {
      schema: {
        summary: 'A ballot with its partners’ and organiser’s origins',
        ...admin,
        params: Params,
        response: { 200: withSharedRefs(AdminBallot), ...problemResponses(401, 404, 429) },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      return getAdminBallot(db, request.params.ballotId);
    },
  );

  app.patch(
    '/admin/ballots/:ballotId',
    {
      schema: {
        summary: 'Change a ballot’s window, texts, partners (replaced, with their origins) or organiser origins',
        ...admin,
        params: Params,
        body: withSharedRefs(BallotPatchInput),
        response: { 200: withSharedRefs(AdminBallot), ...problemResponses(...writeProblems, 404) },
      },
    },
    (request) => updateBallot(db, request.params.ballotId, request.body),
  );

  app.post(
    '/admin/ballots/:ballotId/publish',
    {
      schema: {
        summary: 'Publish the results of a closed ballot (results and ledger become public)',
        ...admin,
        params: Params,
        response: { 200: withSharedRefs(AdminBallot), ...problemResponses(401, 404, 409, 429) },
      },
    },
    (request) => publishBallot(db, request.params.ballotId),
  );

  app.get(
    '/admin/ballots/:ballotId/results',
    {
      schema: {
        summary: 'Totals at any time, pending votes, and confirmed votes per partner site',
        ...admin,
        params: Params,
        response: { 200: withSharedRefs(AdminBallotResults), ...problemResponses(401, 404, 429) },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      return adminResults(db, request.params.ballotId);
    },
  );

  app.get(
    '/admin/ballots/:ballotId/audit',
    {
      schema: {
        summary: 'The audit ledger as JSON lines (at any time)',
        ...admin,
        params: Params,
        response: {
          200: { description: 'JSON lines', content: { 'application/jsonl': { schema: Type.String() } } },
          ...problemResponses(401, 404, 429),
        },
      },
    },
    async (request, reply) =>
      reply
        .type('application/jsonl; charset=utf-8')
        .header('cache-control', 'no-store')
        .send(await ledgerJsonLines(db, request.params.ballotId, false)),
  );

  app.post(
    '/admin/ballots/:ballotId/offline-tallies',
    {
      schema: {
        summary: 'Record paper ballots from an event: shown apart and added to the published totals',
        ...admin,
        params: Params,
        body: OfflineTallyInput,
        response: { 201: withSharedRefs(AdminBallotResults), ...problemResponses(...writeProblems, 404) },
      },
    },
    async (request, reply) => {
      await addOfflineTally(db, request.params.ballotId, request.body);
      return reply.status(201).send(await adminResults(db, request.params.ballotId));
    },
  );
  done();
};
