import type { FastifyPluginCallbackTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { TadamonDatabase } from '../db/database.js';
import { sendCached } from '../plugins/read-cache.js';
import { withSharedRefs } from '../plugins/shared-schemas.js';
import { PROBLEM_CONTENT_TYPE, problemResponses, ProblemError } from '../problems.js';
import { Challenge, Opportunity, OpportunityParams, SignupInput, SignupResult } from '../schemas/opportunities.js';
import { answerWritePreflight } from '../plugins/write-cors.js';
import {
  deleteExpired,
  IDEMPOTENCY_KEY_MAX_LENGTH,
  requestHash,
  requireIdempotencyKey,
  runIdempotent,
} from '../services/idempotency.js';
import {
  checkSignup,
  fakeSignupResult,
  getOpportunity,
  insertSignup,
  requireOpportunity,
  type LoadedOpportunity,
} from '../services/opportunities/index.js';
import type { ProofOfWork } from '../services/pow.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** `false`: @fastify/cors leaves the route alone (read by the plugin, missing from its types). */
    cors?: false;
  }
}

export interface OpportunityRoutesOptions {
  database: TadamonDatabase;
  pow: ProofOfWork;
  /** Per client address, on the signups route only; false: no limit of its own. */
  signupRateLimit: { max: number; timeWindowMs: number } | false;
}

const SIGNUPS_PATH = '/opportunities/:opportunityId/signups';
const CLEANUP_INTERVAL_MS = 6 * 3_600_000;

const challengeInvalid = () =>
  new ProblemError(422, 'challenge_invalid', 'The proof of work is missing, wrong, expired or already used.', [
    { field: 'altcha', code: 'challenge_invalid' },
  ]);

export const opportunityRoutes: FastifyPluginCallbackTypebox<OpportunityRoutesOptions> = (
  app,
  { database, pow, signupRateLimit },
  done,
) => {
  const { db } = database;
  // The opportunity the origin check loaded, reused by the handler of the same request.
  const loadedByRequest = new WeakMap<FastifyRequest, LoadedOpportunity>();

  /**
   * Writes come only from the opportunity's allowed origins or the API's own origin. Runs in
   * onRequest, before the body is read: an unlisted origin gets 403 whatever its content type, and
   * nothing is parsed or written. The 403 is readable by that origin (registerWriteCors).
   */
  async function checkOrigin(request: FastifyRequest): Promise<void> {
    const { opportunityId } = request.params as { opportunityId: string };
    const loaded = await requireOpportunity(db, opportunityId);
    const origin = request.headers.origin;
    const own = `${request.protocol}://${request.host}`;
    if (!origin || (origin !== own && !loaded.allowedOrigins.includes(origin))) {
      throw new ProblemError(403, 'origin_not_allowed', 'This site may not submit signups for this opportunity.');
    }
    loadedByRequest.set(request, loaded);
  }

  app.get(
    '/opportunities/:opportunityId',
    {
      schema: {
        summary: 'A volunteer opportunity with its shifts and places left',
        tags: ['opportunities'],
        params: OpportunityParams,
        response: { 200: withSharedRefs(Opportunity), ...problemResponses(404, 429) },
      },
    },
    (request, reply) =>
      sendCached(reply, 'opportunity', request.params.opportunityId, async () => ({
        value: await getOpportunity(db, request.params.opportunityId),
      })),
  );

  app.get(
    '/opportunities/:opportunityId/challenge',
    {
      schema: {
        summary: 'A proof-of-work challenge (ALTCHA v2) for one signup',
        description: 'Only for opportunities whose `spamProtection` is `pow`; valid 10 minutes and for one signup.',
        tags: ['opportunities'],
        params: OpportunityParams,
        response: { 200: withSharedRefs(Challenge), ...problemResponses(404, 429) },
      },
    },
    async (request, reply) => {
      const loaded = await requireOpportunity(db, request.params.opportunityId);
      if (loaded.opportunity.spamProtection !== 'pow') {
        throw new ProblemError(404, 'challenge_not_required', 'This opportunity asks for no proof of work.');
      }
      reply.header('cache-control', 'no-store');
      return (await pow.create({ kind: 'opportunity', id: loaded.opportunity.id })) as unknown as Challenge;
    },
  );

  app.options(
    SIGNUPS_PATH,
    {
      // A preflight carries no data: 204 for any origin (registerWriteCors names it), so that the browser sends
      // the write and the widget can read its answer, `origin_not_allowed` included. The check is on the write.
      config: { cors: false },
      schema: { hide: true },
    },
    answerWritePreflight,
  );

  app.post(
    SIGNUPS_PATH,
    {
      config: {
        cors: false,
        ...(signupRateLimit
          ? { rateLimit: { max: signupRateLimit.max, timeWindow: signupRateLimit.timeWindowMs } }
          : {}),
      },
      onRequest: [checkOrigin, requireIdempotencyKey],
      preValidation: (request, _reply, next) => {
        const body = request.body as Record<string, unknown> | undefined;
        if (body !== null && typeof body === 'object' && !Array.isArray(body)) {
          // Consent is its own answer (the widget shows the notice again), even when other fields are wrong too.
          if (body.consent !== true) {
            next(
              new ProblemError(422, 'consent_required', 'Consent to the privacy notice is required.', [
                { field: 'consent', code: 'consent_required' },
              ]),
            );
            return;
          }
          // Pasted addresses often carry spaces, which the email format would otherwise refuse.
          if (typeof body.email === 'string') body.email = body.email.trim();
        }
        next();
      },
      schema: {
        summary: 'Sign up for one or more shifts (all or none)',
        description:
          'Requires `Idempotency-Key`. Answers 201 when confirmed or waitlisted; 409 `shift_full` (with `shiftIds`), ' +
          '`already_signed_up`, `request_in_progress`; 422 `validation_failed`, `consent_required`, `challenge_invalid`, ' +
          '`idempotency_key_reused`; 403 `origin_not_allowed`.',
        tags: ['opportunities'],
        params: OpportunityParams,
        headers: Type.Object({
          'idempotency-key': Type.String({ minLength: 1, maxLength: IDEMPOTENCY_KEY_MAX_LENGTH }),
        }),
        body: SignupInput,
        response: {
          201: withSharedRefs(SignupResult),
          ...problemResponses(400, 403, 404, 409, 413, 415, 422, 429),
        },
      },
    },
    async (request, reply) => {
      const { opportunity, noticeVersion } = loadedByRequest.get(request)!;
      const input = request.body;
      reply.header('cache-control', 'no-store');
      // Honeypot: a bot gets what a person would, and nothing is stored.
      if (input.website !== undefined && input.website.trim() !== '') {
        return reply.status(201).send(fakeSignupResult(input.shiftIds));
      }
      const checked = checkSignup(opportunity, input);
      const origin = request.headers.origin!;
      const answer = await runIdempotent(
        db,
        {
          scope: `POST /opportunities/${opportunity.id}/signups`,
          key: request.headers['idempotency-key'],
          hash: requestHash(input),
        },
        async (trx) => {
          if (opportunity.spamProtection === 'pow') {
            // A replayed challenge is `challenge_invalid` here too (shared/API.md).
            const redeemed = await pow.redeem(trx, input.altcha, { kind: 'opportunity', id: opportunity.id });
            if (redeemed !== 'ok') throw challengeInvalid();
          }
          return { status: 201, body: await insertSignup(trx, opportunity, checked, { origin, noticeVersion }) };
        },
      ).catch((error: unknown) => {
        // The first request with this key is still running: worth retrying in a moment.
        if (error instanceof ProblemError && error.code === 'request_in_progress') reply.header('retry-after', '1');
        throw error;
      });
      if (answer.replayed) reply.header('idempotent-replayed', 'true');
      if (answer.status >= 400) reply.type(PROBLEM_CONTENT_TYPE);
      // A replay may be a stored problem: status and body are whatever the first answer was.
      return (reply as FastifyReply).status(answer.status).send(answer.body);
    },
  );

  // Keys are kept 7 days; past that they (and used challenges) are deleted here and by `purge`.
  const cleanup = setInterval(() => {
    deleteExpired(db).catch((error: unknown) => app.log.error({ err: error }, 'idempotency cleanup failed'));
  }, CLEANUP_INTERVAL_MS);
  cleanup.unref();
  app.addHook('onClose', (_instance, next) => {
    clearInterval(cleanup);
    next();
  });
  done();
};
