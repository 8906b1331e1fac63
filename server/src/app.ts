import cors from '@fastify/cors';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { sql } from 'kysely';
import { randomBytes } from 'node:crypto';
import { Type } from 'typebox';
import { CHANGES_CHANNEL, PROGRESS_CHANNEL, type TadamonDatabase } from './db/database.js';
import { adminPlugin } from './plugins/admin.js';
import { registerEventStreams, type StreamLimits } from './plugins/event-streams.js';
import { registerHttpCache } from './plugins/http-cache.js';
import { registerPathIdCheck, registerRouteTable } from './plugins/path-ids.js';
import { registerReadCache } from './plugins/read-cache.js';
import { registerRateLimits, type RateLimitSetting } from './plugins/rate-limit.js';
import { registerSharedSchemas } from './plugins/shared-schemas.js';
import { registerStaticFiles } from './plugins/static-files.js';
import { registerTextGuard } from './plugins/text-guard.js';
import { registerWriteCors } from './plugins/write-cors.js';
import {
  answerClientError,
  answerFrameworkError,
  problemResponses,
  ProblemError,
  registerProblemHandlers,
} from './problems.js';
import { adminBallotRoutes } from './routes/admin-ballots.js';
import { adminOpportunityRoutes } from './routes/admin-opportunities.js';
import { adminRoutes } from './routes/admin.js';
import { ballotRoutes } from './routes/ballots.js';
import { campaignRoutes } from './routes/campaigns.js';
import { devMailboxRoutes } from './routes/dev-mailbox.js';
import { opportunityRoutes } from './routes/opportunities.js';
import type { BallotEvent } from './schemas/ballots.js';
import { ballotEvent } from './services/ballots/index.js';
import { findCampaign } from './services/campaigns.js';
import { mailboxTransport, MailOutbox, smtpTransport, type OutboxOptions } from './services/mail.js';
import { ProofOfWork, type PowOptions } from './services/pow.js';
import { ProgressHub } from './services/progress-hub.js';
import { KeyedThrottle } from './services/throttle.js';
import { checkAdminToken, type TrustProxy } from './settings.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The bearer token admin routes accept (generated when none was configured). */
    adminToken: string;
    progressHub: ProgressHub;
  }
}

export const BODY_LIMIT_BYTES = 64 * 1024;

export interface AppOptions {
  /** An open, migrated database. The caller owns it and closes it after the app. */
  database: TadamonDatabase;
  /** At least 32 characters; absent: a random one for this process. */
  adminToken?: string;
  /** Requests per client address and window (default 600 a minute); `false` turns the limit off (tests). */
  rateLimit?: RateLimitSetting | false;
  /** The stricter limit of `POST /opportunities/{id}/signups` per client address (default 30 a minute); `false` turns it off. */
  signupRateLimit?: RateLimitSetting | false;
  /** Proof-of-work settings: HMAC secret (shared by all replicas), cost, expiry. */
  pow?: PowOptions;
  /** Interval of the SSE comment line that keeps proxies from closing idle streams. */
  heartbeatMs?: number;
  /** Open event streams per client address and in total (default 50 and 1000). */
  streamLimits?: StreamLimits;
  /** Built folders served from the API's origin, when they exist: the demo site at `/`, the CDN files at `/cdn/`. */
  staticRoots?: { demo?: string; cdn?: string };
  logger?: FastifyServerOptions['logger'];
  /** Resources the in-process read cache holds (default 1000); 0 turns it off. */
  readCacheSize?: number;
  /** Proxies whose `X-Forwarded-For` gives the client address: how many hops, or their addresses/CIDRs. */
  trustProxy?: TrustProxy;
  /** The stricter limit of `POST /ballots/{id}/votes` per client address (default 30 a minute); `false` turns it off. */
  voteRateLimit?: RateLimitSetting | false;
  /**
   * Outgoing mail (ballot confirmations), sent by a worker of this process from the outbox table: through SMTP when
   * `smtpUrl` is set; otherwise into the dev mailbox (`GET /dev/mailbox`), except in `production`, where mails stay
   * queued until SMTP is configured. The outbox options tune retries (tests). `false`: no worker at all (mails stay
   * queued; tests that read them from the table).
   */
  mail?:
    ({ smtpUrl?: string; from?: string; production?: boolean } & Partial<Omit<OutboxOptions, 'transport'>>) | false;
  /** The API's public base URL, for links in mails; absent: the request's own scheme and host. */
  publicUrl?: string;
}

/** A ballot's `{ status, votesCast }` goes out at most once a second, whatever the rate of confirmations. */
export const BALLOT_EVENT_INTERVAL_MS = 1000;

/** A hop count trusts the nearest hops whatever their addresses (Fastify itself refuses bare numbers). */
function fastifyTrustProxy(trust: TrustProxy): FastifyServerOptions['trustProxy'] {
  return typeof trust === 'number' ? (_address: string, hop: number) => hop < trust : trust;
}

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? false,
    trustProxy: fastifyTrustProxy(options.trustProxy ?? false),
    bodyLimit: BODY_LIMIT_BYTES,
    // Undecodable paths (`%C0`) and parameters too long for the router are 404 problems, like any other bad id.
    frameworkErrors: answerFrameworkError,
    // Requests too broken to reach a route (headers over 16 kB…) are problems too.
    clientErrorHandler: answerClientError,
    ajv: {
      // Reject what does not match instead of silently repairing it.
      customOptions: { removeAdditional: false, coerceTypes: false, useDefaults: false, allErrors: true },
    },
  }).withTypeProvider<TypeBoxTypeProvider>();

  // The API speaks JSON only; other bodies get 415 rather than reaching validation as strings.
  app.removeContentTypeParser('text/plain');

  if (options.adminToken !== undefined) checkAdminToken(options.adminToken, 'The admin token');
  const adminToken = options.adminToken ?? randomBytes(32).toString('base64url');
  const hub = new ProgressHub(
    (campaignId) => findCampaign(options.database.db, campaignId),
    (error) => app.log.error({ err: error }, 'progress fan-out failed'),
  );
  app.decorate('adminToken', adminToken);
  app.decorate('progressHub', hub);

  registerRouteTable(app);
  registerSharedSchemas(app);
  registerProblemHandlers(app);
  registerHttpCache(app);
  await registerReadCache(app, options.database, options.readCacheSize ?? 1000);
  registerTextGuard(app);

  await app.register(cors, {
    // Reads are public; admin routes get no CORS headers at all, so browsers on other sites cannot call them.
    // Writes (signups: POST and its preflight) opt out with `config.cors = false`: registerWriteCors answers them.
    delegator: (request, callback) => {
      const admin = (request.url ?? '').startsWith('/admin');
      // If-None-Match makes revalidation a preflighted request: cache the preflight for a day.
      const reads = { origin: '*', methods: ['GET', 'HEAD'], exposedHeaders: ['ETag', 'Retry-After'], maxAge: 86_400 };
      callback(null, admin ? { origin: false } : reads);
    },
  });

  // In this order, before any route: CORS of writes (so every refusal is readable), limits, then ids, then the
  // routes' own hooks (which may query the database).
  registerWriteCors(app);
  registerRateLimits(app, options.rateLimit ?? { max: 600, timeWindowMs: 60_000 });
  registerPathIdCheck(app);
  registerEventStreams(app, options.streamLimits ?? { perAddress: 50, total: 1000 }, options.heartbeatMs ?? 20_000);

  const signupRateLimit = options.signupRateLimit ?? { max: 30, timeWindowMs: 60_000 };

  await app.register(swagger, {
    // Name components after their `$id` (Campaign, Problem, …) rather than def-0, def-1.
    refResolver: {
      buildLocalReference: (json, _baseUri, _fragment, index) =>
        typeof json.$id === 'string' ? json.$id : `def-${index}`,
    },
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Tadamon API',
        version: '1.0.0',
        description: 'Public contract of the Tadamon widgets. Errors are RFC 9457 problem+json with a stable `code`.',
      },
      components: { securitySchemes: { adminToken: { type: 'http', scheme: 'bearer' } } },
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });

  app.get('/openapi.json', { schema: { hide: true } }, () => app.swagger());

  app.get(
    '/health',
    {
      schema: {
        summary: 'Liveness, database reachability and open event streams',
        tags: ['meta'],
        response: {
          200: Type.Object({
            status: Type.Literal('ok'),
            database: Type.Literal('ok'),
            streams: Type.Integer({ minimum: 0, description: 'Event streams this process holds open' }),
          }),
          ...problemResponses(429, 503),
        },
      },
    },
    async (_request, reply) => {
      reply.header('cache-control', 'no-store');
      try {
        await sql`select 1`.execute(options.database.db);
      } catch {
        throw new ProblemError(503, 'database_unavailable');
      }
      return { status: 'ok' as const, database: 'ok' as const, streams: app.eventStreams.count };
    },
  );

  await app.register(campaignRoutes, { database: options.database, hub });
  await app.register(opportunityRoutes, {
    database: options.database,
    pow: new ProofOfWork(options.pow),
    signupRateLimit,
  });
  const { smtpUrl, from, production, ...outboxOptions } = options.mail || {};
  const transport =
    options.mail === false
      ? undefined
      : smtpUrl
        ? smtpTransport(smtpUrl, from ?? 'Tadamon <no-reply@localhost>')
        : production
          ? undefined
          : mailboxTransport;
  const outbox = transport
    ? new MailOutbox(options.database.db, {
        transport,
        onError: (error) => app.log.error({ err: error }, 'mail outbox failed'),
        ...outboxOptions,
      })
    : undefined;
  if (!transport && options.mail !== false) {
    app.log.warn('TADAMON_SMTP_URL is not set: ballot confirmation mails stay queued');
  }
  if (outbox) {
    outbox.start();
    app.addHook('onClose', () => outbox.stop());
  }
  if (transport?.kind === 'mailbox') await app.register(devMailboxRoutes, { database: options.database });

  const ballotHub = new ProgressHub<BallotEvent>(
    (ballotId) => ballotEvent(options.database.db, ballotId),
    (error) => app.log.error({ err: error }, 'ballot fan-out failed'),
  );
  await app.register(ballotRoutes, {
    database: options.database,
    pow: new ProofOfWork(options.pow),
    voteRateLimit: options.voteRateLimit ?? { max: 30, timeWindowMs: 60_000 },
    hub: ballotHub,
    outbox,
    publicUrl: options.publicUrl,
  });
  await app.register(adminPlugin(adminRoutes, adminOpportunityRoutes, adminBallotRoutes), {
    database: options.database,
    adminToken,
  });

  await registerStaticFiles(app, options.staticRoots ?? {});

  // Every committed change, from this process or another one, arrives here through NOTIFY.
  const subscription = await options.database.listen(
    PROGRESS_CHANNEL,
    (campaignId) => {
      app.readCache.invalidate('campaign', campaignId);
      void hub.publish(campaignId);
    },
    () => {
      app.readCache.clear('campaign');
      void hub.publishAll();
    },
  );
  app.addHook('preClose', () => subscription.close());

  // Ballot changes (confirmed votes, publication, new window) are announced on CHANGES_CHANNEL by every write
  // (plugins/read-cache.ts), from this process or another: the streams get them coalesced to one a second.
  const throttle = new KeyedThrottle(BALLOT_EVENT_INTERVAL_MS);
  const ballots = await options.database.listen(
    CHANGES_CHANNEL,
    (change) => {
      if (change === '*') void ballotHub.publishAll();
      else if (change.startsWith('ballot:')) {
        const ballotId = change.slice('ballot:'.length);
        throttle.run(ballotId, () => void ballotHub.publish(ballotId));
      }
    },
    () => void ballotHub.publishAll(),
  );
  app.addHook('preClose', () => {
    throttle.clear();
    return ballots.close();
  });

  return app;
}
