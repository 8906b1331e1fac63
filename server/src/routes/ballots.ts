import type { FastifyPluginCallbackTypebox, TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { TadamonDatabase } from '../db/database.js';
import { READ_CACHE_CONTROL } from '../plugins/http-cache.js';
import { sendCached } from '../plugins/read-cache.js';
import { withSharedRefs } from '../plugins/shared-schemas.js';
import { answerWritePreflight } from '../plugins/write-cors.js';
import { PROBLEM_CONTENT_TYPE, problemResponses, ProblemError } from '../problems.js';
import {
  Ballot,
  BallotResults,
  ConfirmationInput,
  ConfirmationResult,
  VoteAccepted,
  VoteInput,
  type BallotEvent,
} from '../schemas/ballots.js';
import { Challenge } from '../schemas/common.js';
import {
  ballotEvent,
  ballotNotFound,
  checkVote,
  confirmPage,
  confirmVote,
  countedPage,
  fakeVoteAccepted,
  findTokenVote,
  getBallot,
  insertVote,
  languageOf,
  ledgerJsonLines,
  loadBallot,
  nextStatusChange,
  PAGE_CSP,
  pickText,
  problemPage,
  publicResults,
  type LoadedBallot,
  type ProblemCode,
} from '../services/ballots/index.js';
import {
  hasStoredAnswer,
  IDEMPOTENCY_KEY_MAX_LENGTH,
  requestHash,
  requireIdempotencyKey,
  runIdempotent,
} from '../services/idempotency.js';
import type { MailOutbox } from '../services/mail.js';
import type { ProofOfWork } from '../services/pow.js';
import type { ProgressHub } from '../services/progress-hub.js';

export interface BallotRoutesOptions {
  database: TadamonDatabase;
  pow: ProofOfWork;
  /** Per client address, on the votes route only; false: no limit of its own. */
  voteRateLimit: { max: number; timeWindowMs: number } | false;
  hub: ProgressHub<BallotEvent>;
  /** Woken after each accepted vote, so that its mail leaves at once (absent: mails stay queued). */
  outbox?: MailOutbox;
  /** The API's public base URL for mailed links (`https://api.example.org/v1`); absent: the request's own. */
  publicUrl?: string;
}

const BallotParams = Type.Object({ ballotId: Type.String({ minLength: 1, maxLength: 200 }) });
const VOTES_PATH = '/ballots/:ballotId/votes';
const CONFIRMATIONS_PATH = '/ballots/:ballotId/confirmations';
const FORM = 'application/x-www-form-urlencoded';
/** setTimeout's limit; a status change further away is looked at again then. */
const MAX_TIMER_MS = 2 ** 31 - 1;
const HTML = { description: 'HTML page', content: { 'text/html': { schema: Type.String() } } };

const ownOrigin = (request: FastifyRequest) => `${request.protocol}://${request.host}`;

/** Headers of the API's own HTML pages: no script, no referrer (the link carries a token), not cached or framed. */
function sendPage(reply: FastifyReply, status: number, html: string): FastifyReply {
  return reply
    .status(status)
    .type('text/html; charset=utf-8')
    .header('content-security-policy', PAGE_CSP)
    .header('referrer-policy', 'no-referrer')
    .header('x-content-type-options', 'nosniff')
    .header('cache-control', 'no-store')
    .send(html);
}

export const ballotRoutes: FastifyPluginCallbackTypebox<BallotRoutesOptions> = (
  app,
  { database, pow, voteRateLimit, hub, outbox, publicUrl },
  done,
) => {
  const { db } = database;
  const loadedByRequest = new WeakMap<FastifyRequest, LoadedBallot>();

  /**
   * Before the body is read: an origin that is neither the organiser's, nor any partner's, nor the API's own gets
   * 403 and nothing is parsed or written. Which partner the vote names is checked once the body is there.
   */
  async function checkOrigin(request: FastifyRequest): Promise<void> {
    const { ballotId } = request.params as { ballotId: string };
    const loaded = await loadBallot(db, ballotId);
    if (!loaded) throw ballotNotFound(ballotId);
    const origin = request.headers.origin;
    const allowed = [ownOrigin(request), ...loaded.organiserOrigins, ...loaded.partners.flatMap((p) => p.origins)];
    if (!origin || !allowed.includes(origin)) throw originNotAllowed();
    loadedByRequest.set(request, loaded);
  }

  app.get(
    '/ballots/:ballotId',
    {
      schema: {
        summary: 'An award ballot: categories, finalists, partners, window and status, confirmed votes so far',
        tags: ['ballots'],
        params: BallotParams,
        response: { 200: withSharedRefs(Ballot), ...problemResponses(404, 429) },
      },
    },
    (request, reply) =>
      sendCached(reply, 'ballot', request.params.ballotId, async () => {
        const ballot = await getBallot(db, request.params.ballotId);
        return { value: ballot, expiresAt: ballot.status === 'published' ? undefined : nextStatusChange(ballot) };
      }),
  );

  app.get(
    '/ballots/:ballotId/challenge',
    {
      schema: {
        summary: 'A proof-of-work challenge (ALTCHA v2) for one vote',
        description: 'Valid 10 minutes and for one vote of this ballot; a replay is 422 `challenge_replayed`.',
        tags: ['ballots'],
        params: BallotParams,
        response: { 200: withSharedRefs(Challenge), ...problemResponses(404, 429) },
      },
    },
    async (request, reply) => {
      const loaded = await loadBallot(db, request.params.ballotId);
      if (!loaded) throw ballotNotFound(request.params.ballotId);
      reply.header('cache-control', 'no-store');
      return (await pow.create({ kind: 'ballot', id: loaded.ballot.id })) as unknown as Challenge;
    },
  );

  app.options(VOTES_PATH, { config: { cors: false }, schema: { hide: true } }, answerWritePreflight);

  app.post(
    VOTES_PATH,
    {
      config: {
        cors: false,
        ...(voteRateLimit ? { rateLimit: { max: voteRateLimit.max, timeWindow: voteRateLimit.timeWindowMs } } : {}),
      },
      onRequest: [checkOrigin, requireIdempotencyKey],
      preValidation: (request, _reply, next) => {
        const body = request.body as Record<string, unknown> | undefined;
        if (body !== null && typeof body === 'object' && !Array.isArray(body) && body.consent !== true) {
          next(
            new ProblemError(422, 'consent_required', 'Consent to the privacy notice is required.', [
              { field: 'consent', code: 'consent_required' },
            ]),
          );
          return;
        }
        next();
      },
      schema: {
        summary: 'Vote (counted once confirmed through the mailed link)',
        description:
          'Requires `Idempotency-Key` and a solved challenge. Answers 202 whether or not the address voted before. ' +
          '409 `ballot_not_open`, `request_in_progress`; 422 `validation_failed`, `invalid_email`, `consent_required`, ' +
          '`challenge_invalid`, `challenge_replayed`, `unknown_partner`, `idempotency_key_reused`; 403 `origin_not_allowed`.',
        tags: ['ballots'],
        params: BallotParams,
        headers: Type.Object({
          'idempotency-key': Type.String({ minLength: 1, maxLength: IDEMPOTENCY_KEY_MAX_LENGTH }),
        }),
        body: VoteInput,
        response: {
          202: withSharedRefs(VoteAccepted),
          ...problemResponses(400, 403, 404, 409, 413, 415, 422, 429),
        },
      },
    },
    async (request, reply) => {
      const loaded = loadedByRequest.get(request)!;
      const input = request.body;
      const origin = request.headers.origin!;
      reply.header('cache-control', 'no-store');
      let siteOrigins = [ownOrigin(request), ...loaded.organiserOrigins];
      if (input.partner !== undefined) {
        const partner = loaded.partners.find((candidate) => candidate.id === input.partner);
        if (!partner) {
          throw new ProblemError(422, 'unknown_partner', 'This ballot has no such partner.', [
            { field: 'partner', code: 'unknown_partner' },
          ]);
        }
        siteOrigins = [...siteOrigins, ...partner.origins];
      }
      // A page of one partner cannot send votes in another's name (nor in the organiser's).
      if (!siteOrigins.includes(origin)) throw originNotAllowed();
      // Honeypot: a bot gets what a person would, and nothing is stored or sent.
      if (input.website !== undefined && input.website.trim() !== '') return reply.status(202).send(fakeVoteAccepted());
      const vote = checkVote(loaded, input);
      const ballotId = loaded.ballot.id;
      const base = (publicUrl ?? ownOrigin(request)).replace(/\/+$/, '');
      const scope = `POST /ballots/${ballotId}/votes`;
      const key = request.headers['idempotency-key'];
      const subject = { kind: 'ballot' as const, id: ballotId };
      // A vote without a fresh, valid proof of work writes nothing at all, not even its answer; a retry of a stored
      // vote (same key) still gets the stored answer.
      const precheck = await pow.check(db, input.altcha, subject);
      if (precheck !== 'ok' && !(await hasStoredAnswer(db, scope, key))) throw powProblem(precheck);
      const answer = await runIdempotent(db, { scope, key, hash: requestHash(input) }, async (trx) => {
        const redeemed = await pow.redeem(trx, input.altcha, subject);
        if (redeemed !== 'ok') throw powProblem(redeemed);
        const confirmUrl = (token: string) =>
          `${base}/ballots/${encodeURIComponent(ballotId)}/confirm?token=${encodeURIComponent(token)}`;
        return { status: 202, body: await insertVote(trx, loaded, vote, { origin, confirmUrl }) };
      }).catch((error: unknown) => {
        if (error instanceof ProblemError && error.code === 'request_in_progress') reply.header('retry-after', '1');
        throw error;
      });
      if (answer.replayed) reply.header('idempotent-replayed', 'true');
      else if (answer.status === 202) outbox?.kick();
      if (answer.status >= 400) reply.type(PROBLEM_CONTENT_TYPE);
      return (reply as FastifyReply).status(answer.status).send(answer.body);
    },
  );

  app.get(
    '/ballots/:ballotId/confirm',
    {
      schema: {
        summary: 'The page a confirmation link opens: one button that POSTs the token (a GET confirms nothing)',
        tags: ['ballots'],
        params: BallotParams,
        querystring: Type.Object({ token: Type.Optional(Type.String({ maxLength: 200 })) }),
        description:
          'In the vote’s language. An unknown or expired token is a 404 or 410 page for browsers (`Accept: text/html`), ' +
          'a problem for other clients.',
        response: { 200: HTML, ...problemResponses(404, 410, 429) },
      },
    },
    async (request, reply) => {
      const { ballotId } = request.params;
      const token = request.query.token ?? '';
      const found = token === '' ? undefined : await findTokenVote(db, ballotId, token);
      // A browser gets a page it can show; any other client the problem, as from every route.
      const browser = /text\/html/.test(request.headers.accept ?? '');
      if (!found) {
        if (!browser) throw new ProblemError(404, 'token_not_found', 'This confirmation link is not valid.');
        return sendPage(reply, 404, problemPage('fr', 'token_not_found'));
      }
      const language = languageOf(found.locale);
      if (found.result) return sendPage(reply, 200, await receiptsPage(ballotId, language, found.result));
      if (found.expired) {
        if (!browser) throw new ProblemError(410, 'token_expired', 'This confirmation link has expired.');
        return sendPage(reply, 410, problemPage(language, 'token_expired'));
      }
      const ballot = await getBallot(db, ballotId);
      return sendPage(reply, 200, confirmPage(language, pickText(ballot.title, language), token));
    },
  );

  async function receiptsPage(ballotId: string, language: ReturnType<typeof languageOf>, result: ConfirmationResult) {
    const ballot = await getBallot(db, ballotId);
    const titles = new Map(ballot.categories.map((category) => [category.id, pickText(category.title, language)]));
    return countedPage(
      language,
      result.selections.map((selection) => ({
        category: titles.get(selection.categoryId) ?? selection.categoryId,
        receipt: selection.receipt,
      })),
    );
  }

  // The confirmation page posts a form; widgets and scripts post JSON. Forms are parsed for this route only.
  void app.register((plain, _options, registered) => {
    const scope = plain.withTypeProvider<TypeBoxTypeProvider>();
    scope.addContentTypeParser(FORM, { parseAs: 'string' }, (_request, body, parsed) => {
      parsed(null, Object.fromEntries(new URLSearchParams(body as string)));
    });

    scope.options(CONFIRMATIONS_PATH, { config: { cors: false }, schema: { hide: true } }, answerWritePreflight);

    scope.post(
      CONFIRMATIONS_PATH,
      {
        config: { cors: false },
        schema: {
          summary: 'Confirm a vote with the mailed token (JSON, or the confirmation page’s form)',
          description:
            'Counts each selection whose category this voter has no counted vote in yet, with a receipt per counted ' +
            'selection; confirming again answers the first result. 410 `token_expired`, 404 `token_not_found`, ' +
            '409 `ballot_not_open`. A form post is answered with an HTML page.',
          tags: ['ballots'],
          params: BallotParams,
          body: ConfirmationInput,
          response: {
            200: {
              description: 'The confirmation (JSON), or a page for a form post',
              content: {
                'application/json': { schema: withSharedRefs(ConfirmationResult) },
                'text/html': { schema: Type.String() },
              },
            },
            ...problemResponses(400, 404, 409, 410, 413, 415, 422, 429),
          },
        },
      },
      async (request, reply) => {
        const { ballotId } = request.params;
        const form = (request.headers['content-type'] ?? '').startsWith(FORM);
        reply.header('cache-control', 'no-store');
        try {
          const { result, locale } = await confirmVote(db, ballotId, request.body.token);
          if (!form) return reply.type('application/json; charset=utf-8').send(result);
          return sendPage(reply, 200, await receiptsPage(ballotId, languageOf(locale), result));
        } catch (error) {
          if (!form || !(error instanceof ProblemError)) throw error;
          const code = error.code as ProblemCode;
          const found = await findTokenVote(db, ballotId, request.body.token);
          return sendPage(reply, error.statusCode, problemPage(languageOf(found?.locale), code));
        }
      },
    );
    registered();
  });

  app.get(
    '/ballots/:ballotId/results',
    {
      schema: {
        summary: 'Published results (offline tallies included, and given apart)',
        tags: ['ballots'],
        params: BallotParams,
        response: { 200: withSharedRefs(BallotResults), ...problemResponses(403, 404, 429) },
      },
    },
    (request, reply) =>
      sendCached(
        reply,
        'ballot',
        request.params.ballotId,
        async () => ({ value: await publicResults(db, request.params.ballotId) }),
        'results',
      ),
  );

  app.get(
    '/ballots/:ballotId/ledger',
    {
      schema: {
        summary: 'The anonymised audit ledger (JSON lines), once results are published',
        description:
          'One line per counted vote `{ seq, at, categoryId, finalistId, partner, voter, prev, hash }`, where ' +
          '`hash = sha256(prev + canonical JSON of seq, at, categoryId, finalistId, partner, voter)` and the first ' +
          'line’s `prev` is 64 zeros.',
        tags: ['ballots'],
        params: BallotParams,
        response: {
          200: { description: 'JSON lines', content: { 'application/jsonl': { schema: Type.String() } } },
          ...problemResponses(403, 404, 429),
        },
      },
    },
    async (request, reply) => {
      const lines = await ledgerJsonLines(db, request.params.ballotId, true);
      return reply.type('application/jsonl; charset=utf-8').header('cache-control', READ_CACHE_CONTROL).send(lines);
    },
  );

  app.get(
    '/ballots/:ballotId/events',
    {
      schema: {
        summary: 'Live status and confirmed votes (server-sent events)',
        description:
          'Event `ballot` with `{ status, votesCast }` on connect, then on every change (status, confirmed vote), ' +
          'at most one a second; a comment line at least every ' +
          `${Math.ceil(app.eventStreams.heartbeatMs / 1000)} s. Over the stream caps: 503 \`too_many_streams\`.`,
        tags: ['ballots'],
        params: BallotParams,
        response: {
          200: { description: 'Event stream', content: { 'text/event-stream': { schema: Type.String() } } },
          ...problemResponses(404, 429, 503),
        },
      },
    },
    async (request, reply) => {
      const stream = app.eventStreams.open(request, reply);
      const { ballotId } = request.params;
      const ballot = await getBallot(db, ballotId);
      stream.start();
      let last = '';
      const send = (event: BallotEvent) => {
        const data = JSON.stringify(event);
        if (data === last) return;
        last = data;
        stream.send('ballot', event);
      };
      stream.onClose(hub.subscribe(ballotId, send));
      send({ status: ballot.status, votesCast: ballot.votesCast ?? 0 });
      // Opening and closing happen by the clock, with no write to announce them.
      let timer: NodeJS.Timeout | undefined;
      const watchClock = () => {
        const at = nextStatusChange(ballot);
        if (at === undefined) return;
        timer = setTimeout(
          () => {
            void ballotEvent(db, ballotId).then(
              (event) => {
                if (event) send(event);
                if (!stream.closed) watchClock();
              },
              () => {},
            );
          },
          Math.min(Math.max(at - Date.now(), 0) + 50, MAX_TIMER_MS),
        );
      };
      watchClock();
      stream.onClose(() => clearTimeout(timer));
    },
  );

  done();
};

function powProblem(result: 'invalid' | 'replayed'): ProblemError {
  return result === 'replayed'
    ? new ProblemError(422, 'challenge_replayed', 'This solved challenge was already used.', [
        { field: 'altcha', code: 'challenge_replayed' },
      ])
    : new ProblemError(422, 'challenge_invalid', 'The proof of work is missing, wrong or expired.', [
        { field: 'altcha', code: 'challenge_invalid' },
      ]);
}

function originNotAllowed(): ProblemError {
  return new ProblemError(403, 'origin_not_allowed', 'This site may not send votes for this ballot.');
}
