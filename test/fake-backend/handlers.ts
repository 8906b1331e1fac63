/**
 * The fake backend: MSW handlers for every route the widgets call, answering like the reference server (same
 * bodies, same problem+json shape, same headers that matter), and the scenario sets the tests and stories use.
 * Paths start with `*` so any API base works (`https://api.test/v1` in tests, `https://api.tadamon.test/v1` in
 * Storybook). Every answer is checked against the server's schemas (contract.ts) by whoever runs the handlers.
 */
import { createChallenge, verifySolution, type Challenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/web/sha';
import { delay, http, HttpResponse, sse, type JsonBodyType } from 'msw';
import type { Campaign, CampaignHistory } from '../../server/src/schemas/campaigns.js';
import type { Problem } from '../../server/src/schemas/common.js';
import type { Opportunity, SignupInput } from '../../server/src/schemas/opportunities.js';
import { STATUS_TITLES, unchecked } from './contract.js';
import * as fixtures from './fixtures.js';

export { unchecked };

export const ROUTES = {
  campaign: '*/campaigns/:campaignId',
  history: '*/campaigns/:campaignId/history',
  events: '*/campaigns/:campaignId/events',
  opportunity: '*/opportunities/:opportunityId',
  challenge: '*/opportunities/:opportunityId/challenge',
  signups: '*/opportunities/:opportunityId/signups',
} as const;

/** The server's own `detail` for the problems the widgets meet (server/src/services, server/src/routes). */
const DETAILS: Record<string, string> = {
  opportunity_closed: 'This opportunity no longer takes signups.',
  shift_closed: 'Some shifts have started or were closed.',
  shift_full: 'Some shifts have no place left.',
  already_signed_up: 'This person is already signed up for these shifts.',
  origin_not_allowed: 'This site may not submit signups for this opportunity.',
  idempotency_key_required: 'Send an Idempotency-Key header of 1 to 200 characters.',
  challenge_invalid: 'The proof of work is missing, wrong, expired or already used.',
  consent_required: 'Consent to the privacy notice is required.',
};

export interface ProblemOptions {
  detail?: string;
  errors?: Problem['errors'];
  shiftIds?: string[];
  headers?: Record<string, string>;
}

/** A problem exactly as server/src/problems.ts `problemBody` builds it, sent as application/problem+json. */
export function problem(status: number, code: string, options: ProblemOptions = {}): Response {
  const { detail = DETAILS[code], errors, shiftIds, headers } = options;
  const body: Problem = {
    ...(shiftIds === undefined ? {} : { shiftIds }),
    type: `urn:tadamon:problem:${code}`,
    title: STATUS_TITLES[status] ?? 'Error',
    status,
    code,
    ...(detail === undefined ? {} : { detail }),
    ...(errors === undefined ? {} : { errors }),
  };
  return HttpResponse.json(body, {
    status,
    headers: { 'Content-Type': 'application/problem+json', 'Cache-Control': 'no-store', ...headers },
  });
}

/** A JSON answer (200 unless told), with whatever headers the case needs (`ETag`, `Retry-After`…). */
export function json(body: JsonBodyType, status = 200, headers: Record<string, string> = {}): Response {
  return HttpResponse.json(body, { status, headers });
}

/** Reads carry an ETag and a CDN-friendly Cache-Control (API.md). */
const readHeaders = (etag: string) => ({ ETag: `"${etag}"`, 'Cache-Control': 'public, max-age=15' });

/** An event stream that stays open and quiet, as a real one between changes. */
const quietEvents = sse(ROUTES.events, () => {});

/**
 * A healthy server holding `campaign` and its `history`. Other ids fall through to the next handlers, so several
 * campaigns can be served; `notFoundFallback` answers the rest as the server does.
 */
export function campaignHandlers(campaign: Campaign = fixtures.campaign(), history = fixtures.history()) {
  return [
    http.get(ROUTES.campaign, ({ params }) =>
      params.campaignId === campaign.id
        ? HttpResponse.json(campaign, { headers: readHeaders(campaign.updatedAt) })
        : undefined,
    ),
    http.get(ROUTES.history, ({ params }) =>
      params.campaignId === campaign.id
        ? HttpResponse.json(history, { headers: readHeaders(`h-${campaign.updatedAt}`) })
        : undefined,
    ),
    quietEvents,
  ];
}

/** Every campaign request waits forever, so the loading state stays on screen. */
export const campaignLoadingHandlers = [
  http.get(ROUTES.campaign, () => delay('infinite')),
  http.get(ROUTES.history, () => delay('infinite')),
  quietEvents,
];

export const campaignServerErrorHandlers = [
  http.get(ROUTES.campaign, () => problem(500, 'internal_error')),
  http.get(ROUTES.history, () => problem(500, 'internal_error')),
  sse(ROUTES.events, ({ client }) => client.error()),
];

const campaignNotFound = ({ params }: { params: Record<string, unknown> }) =>
  problem(404, 'campaign_not_found', { detail: `No campaign "${String(params.campaignId)}".` });
const opportunityNotFound = ({ params }: { params: Record<string, unknown> }) =>
  problem(404, 'opportunity_not_found', { detail: `No opportunity "${String(params.opportunityId)}".` });

export const campaignNotFoundHandlers = [
  http.get(ROUTES.campaign, campaignNotFound),
  http.get(ROUTES.history, campaignNotFound),
  sse(ROUTES.events, ({ client }) => client.error()),
];

/** The network itself fails, as on a phone that lost its connection. */
export const campaignOfflineHandlers = [
  http.get(ROUTES.campaign, () => HttpResponse.error()),
  http.get(ROUTES.history, () => HttpResponse.error()),
  http.get(ROUTES.events, () => HttpResponse.error()),
];

/** A 200 whose body breaks the contract (a misconfigured proxy, a buggy third-party server): on purpose. */
export const campaignMalformedHandlers = [
  http.get(ROUTES.campaign, ({ params }) =>
    unchecked(
      HttpResponse.json({
        id: params.campaignId,
        title: 42,
        goal: 'a lot',
        raised: null,
        status: 'maybe',
        items: 'none',
      }),
      'a malformed body, on purpose',
    ),
  ),
  http.get(ROUTES.history, () => unchecked(HttpResponse.json({ points: 'soon' }), 'a malformed body, on purpose')),
  quietEvents,
];

/**
 * A server that records a new donation every `everyMs`: each `progress` event carries the whole campaign,
 * as API.md specifies, with `raised`, `donors` and the blankets received growing.
 */
export function campaignLiveHandlers(campaign: Campaign, history: CampaignHistory, everyMs = 1500, updates = 40) {
  return [
    ...campaignHandlers(campaign, history).slice(0, 2),
    sse<{ progress: Campaign }>(ROUTES.events, ({ client }) => {
      let current = campaign;
      let sent = 0;
      const timer = setInterval(() => {
        sent += 1;
        current = {
          ...current,
          raised: current.raised + 25_000 + (sent % 3) * 10_000,
          donors: current.donors + 1,
          updatedAt: new Date().toISOString(),
          items: current.items?.map((item) =>
            item.id === 'blankets' ? { ...item, received: Math.min(item.needed, item.received + 2) } : item,
          ),
        };
        try {
          client.send({ event: 'progress', data: current });
        } catch {
          clearInterval(timer); // the story was left and the stream closed
        }
        if (sent >= updates) clearInterval(timer);
      }, everyMs);
    }),
  ];
}

/** How the fake server answers `POST …/signups`. */
export type SignupOutcome =
  /** 201: confirmed, or waitlisted (with its place in line) on a full shift that takes a waitlist. */
  | 'accept'
  /** The request never gets an answer: the sending state stays on screen. */
  | 'never'
  /** 409 `shift_full` for every chosen shift without a waitlist; the opportunity then shows them full. */
  | 'shift_full'
  /** 409 `already_signed_up`. */
  | 'already_signed_up'
  /** The network fails outright, as on a phone that lost its signal. */
  | 'network'
  /** 500 problem+json, every time. */
  | 'server_error'
  /** 403 `origin_not_allowed`: the page's site is not on the opportunity's list (final). */
  | 'origin_not_allowed'
  /** 409 `shift_closed` for every chosen shift: the organiser closed them. */
  | 'shift_closed'
  /** 409 `opportunity_closed`: the organiser closed signups while the visitor was typing (final). */
  | 'opportunity_closed';

export interface OpportunityOptions {
  outcome?: SignupOutcome;
  /** People already on each shift's waitlist: the next one waitlisted there gets this number plus one. */
  waitlisted?: Record<string, number>;
}

/**
 * A server holding `opportunity` (other ids fall through, as for `campaignHandlers`). Stateful: after a `shift_full` answer the opportunity is read again with the
 * raced shifts full, after `opportunity_closed` it reads closed, as the real server would show it.
 */
export function opportunityHandlers(
  opportunity: Opportunity = fixtures.opportunity(),
  { outcome = 'accept', waitlisted = {} }: OpportunityOptions = {},
) {
  let current = opportunity;
  const queued = { ...waitlisted };
  return [
    http.get(ROUTES.opportunity, ({ params }) =>
      params.opportunityId === current.id
        ? HttpResponse.json(current, { headers: { 'Cache-Control': 'public, max-age=15' } })
        : undefined,
    ),
    http.post(ROUTES.signups, async ({ request, params }) => {
      if (params.opportunityId !== current.id) return undefined;
      if (!request.headers.get('Idempotency-Key')) return problem(400, 'idempotency_key_required');
      const input = (await request.clone().json()) as SignupInput;
      switch (outcome) {
        case 'never':
          await delay('infinite');
          return HttpResponse.error();
        case 'network':
          return HttpResponse.error();
        case 'server_error':
          return problem(500, 'internal_error');
        case 'already_signed_up':
          return problem(409, 'already_signed_up', { shiftIds: input.shiftIds });
        case 'shift_full': {
          const raced = input.shiftIds.filter((id) => !current.shifts.find((shift) => shift.id === id)?.waitlist);
          const shiftIds = raced.length > 0 ? raced : input.shiftIds;
          for (const id of shiftIds) current = fixtures.withShiftFull(current, id);
          return problem(409, 'shift_full', { shiftIds });
        }
        case 'origin_not_allowed':
          return problem(403, 'origin_not_allowed');
        case 'shift_closed':
          current = { ...current, shifts: current.shifts.map((shift) => ({ ...shift, closed: true })) };
          return problem(409, 'shift_closed', { shiftIds: input.shiftIds });
        case 'opportunity_closed':
          current = { ...current, status: 'closed' };
          return problem(409, 'opportunity_closed');
        case 'accept': {
          const result = fixtures.signupResult(current, input.shiftIds, queued);
          for (const shift of result.shifts) if (shift.position) queued[shift.id] = shift.position;
          return HttpResponse.json(result, { status: 201, headers: { 'Cache-Control': 'no-store' } });
        }
      }
    }),
  ];
}

/** Reading the opportunity waits forever, so the loading state stays on screen. */
export const opportunityLoadingHandlers = [http.get(ROUTES.opportunity, () => delay('infinite'))];

export const opportunityServerErrorHandlers = [http.get(ROUTES.opportunity, () => problem(500, 'internal_error'))];

export const opportunityNotFoundHandlers = [http.get(ROUTES.opportunity, opportunityNotFound)];

/** What the server answers for an id it does not hold, after every other handler. */
export const notFoundFallback = [
  http.get(ROUTES.campaign, campaignNotFound),
  http.get(ROUTES.history, campaignNotFound),
  http.get(ROUTES.opportunity, opportunityNotFound),
  http.get(ROUTES.challenge, opportunityNotFound),
  http.post(ROUTES.signups, opportunityNotFound),
];

/** Signs the fake's challenges; the fake is the only one that checks them. */
const POW_SECRET = 'fake-backend-only-secret';

/**
 * A server that protects `opportunity` with proof of work, as the reference server does, but with a cheap
 * challenge (a few hundred SHA-256 hashes) so it stays fast. Signups without a valid solution get 422
 * `challenge_invalid`, so a confirmed signup proves the widget really solved it.
 */
export function powHandlers(opportunity: Opportunity, options: OpportunityOptions = {}) {
  const [read, signup] = opportunityHandlers(opportunity, options);
  return [
    read,
    http.get(ROUTES.challenge, async () => {
      const challenge = await createChallenge({
        algorithm: 'SHA-256',
        cost: 1,
        counter: 200 + Math.floor(Math.random() * 300),
        deriveKey,
        data: { opportunity: opportunity.id },
        expiresAt: new Date(Date.now() + 10 * 60_000),
        hmacSignatureSecret: POW_SECRET,
      });
      return HttpResponse.json(challenge, { headers: { 'Cache-Control': 'no-store' } });
    }),
    http.post(ROUTES.signups, async ({ request }) => {
      const { altcha } = (await request.clone().json()) as SignupInput;
      let verified = false;
      try {
        const { challenge, solution } = JSON.parse(atob(altcha ?? '')) as {
          challenge: Challenge;
          solution: { counter: number; derivedKey: string };
        };
        verified = (await verifySolution({ challenge, solution, deriveKey, hmacSignatureSecret: POW_SECRET })).verified;
      } catch {
        verified = false;
      }
      if (!verified) {
        return problem(422, 'challenge_invalid', { errors: [{ field: 'altcha', code: 'challenge_invalid' }] });
      }
      return undefined; // passes the request on to the ordinary signup handler below
    }),
    signup,
  ];
}

/** What the widget tests start from: the test fixtures' campaign and opportunity on a healthy server. */
export const defaultHandlers = () => [...campaignHandlers(), ...opportunityHandlers()];
