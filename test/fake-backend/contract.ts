/**
 * The fake backend's contract check: every answer it gives is held against the reference server's own response
 * schemas (server/src/schemas/*.ts), so a widget test or a story cannot pass on an answer the real server never
 * gives. Test-only code: it never ships.
 */
import type { TSchema } from 'typebox';
import { Value } from 'typebox/value';
import { Campaign, CampaignHistory } from '../../server/src/schemas/campaigns.js';
import { Challenge, Problem } from '../../server/src/schemas/common.js';
import { Opportunity, SignupResult } from '../../server/src/schemas/opportunities.js';

/** Marks an answer the real server never gives, sent on purpose (a proxy's HTML page, a malformed body). */
const UNCHECKED_HEADER = 'X-Fake-Backend';

interface Route {
  method: string;
  path: RegExp;
  /** Success statuses and the schema of their JSON body (`null`: no body, or not JSON). */
  answers: Record<number, TSchema | null>;
  /** Problem statuses the route declares (server/src/routes/*.ts `problemResponses`). */
  problems: number[];
}

/** The public routes the widgets call, as the reference server declares them. Any route may also answer 500/503. */
const ROUTES: Route[] = [
  { method: 'GET', path: /\/campaigns\/[^/]+$/, answers: { 200: Campaign, 304: null }, problems: [404, 429] },
  {
    method: 'GET',
    path: /\/campaigns\/[^/]+\/history$/,
    answers: { 200: CampaignHistory, 304: null },
    problems: [404, 422, 429],
  },
  { method: 'GET', path: /\/campaigns\/[^/]+\/events$/, answers: { 200: null }, problems: [404, 429, 503] },
  { method: 'GET', path: /\/opportunities\/[^/]+$/, answers: { 200: Opportunity, 304: null }, problems: [404, 429] },
  {
    method: 'GET',
    path: /\/opportunities\/[^/]+\/challenge$/,
    answers: { 200: Challenge },
    problems: [404, 429],
  },
  {
    method: 'POST',
    path: /\/opportunities\/[^/]+\/signups$/,
    answers: { 201: SignupResult },
    problems: [400, 403, 404, 409, 413, 415, 422, 429],
  },
];
const ANY_ROUTE_PROBLEMS = [500, 503];

/** HTTP reason phrases, as the server's problem titles use them (node:http STATUS_CODES). */
export const STATUS_TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  408: 'Request Timeout',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  431: 'Request Header Fields Too Large',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
};

/** The same answer, exempt from the check, and visibly so (a header says why). */
export function unchecked(response: Response, reason = 'not what the reference server sends'): Response {
  const headers = new Headers(response.headers);
  // Header values are ASCII: a typographic apostrophe would make the answer a network error.
  headers.set(UNCHECKED_HEADER, `unchecked: ${reason.replace(/[^\x20-\x7e]/g, "'")}`);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

export const isUnchecked = (response: Response) => response.headers.get(UNCHECKED_HEADER)?.startsWith('unchecked');

/** Paths (`/a/b`) of properties in `value` that `cleaned` lost: fields the server's serialiser would drop. */
function droppedPaths(value: unknown, cleaned: unknown, path = ''): string[] {
  if (value === null || typeof value !== 'object' || cleaned === null || typeof cleaned !== 'object') return [];
  return Object.keys(value).flatMap((key) =>
    key in cleaned
      ? droppedPaths(
          (value as Record<string, unknown>)[key],
          (cleaned as Record<string, unknown>)[key],
          `${path}/${key}`,
        )
      : [`${path}/${key}`],
  );
}

/** What is wrong with `body` for `schema`: schema errors, then properties the schema does not declare. */
function schemaViolations(schema: TSchema, body: unknown): string[] {
  const errors = Value.Errors(schema, body).map(
    (error) =>
      `${error.instancePath || '/'} ${error.message}${error.keyword === 'required' ? '' : ` (${JSON.stringify(Value.Pointer.Get(body, error.instancePath))})`}`,
  );
  if (errors.length > 0) return errors.slice(0, 10);
  const extra = droppedPaths(body, Value.Clean(schema, Value.Clone(body)));
  return extra.map((path) => `${path} is not in the server's schema (its serialiser never sends it)`);
}

/**
 * Every way `response` to `request` differs from what the reference server can answer; empty when it conforms.
 * Network failures (`Response.error()`) and answers marked `unchecked` are not checked.
 */
export async function contractViolations(request: Request, response: Response): Promise<string[]> {
  if (response.type === 'error' || isUnchecked(response)) return [];
  const { pathname } = new URL(request.url);
  const route = ROUTES.find((candidate) => candidate.method === request.method && candidate.path.test(pathname));
  const where = `${request.method} ${pathname} → ${response.status}`;
  if (!route) return [`${where}: no such route on the reference server`];
  const type = response.headers.get('Content-Type') ?? '';
  if (response.status >= 400) {
    if (!route.problems.includes(response.status) && !ANY_ROUTE_PROBLEMS.includes(response.status)) {
      return [`${where}: this route never answers ${response.status}`];
    }
    if (!type.startsWith('application/problem+json'))
      return [`${where}: a problem is application/problem+json, not "${type}"`];
    const body: unknown = await response
      .clone()
      .json()
      .catch(() => undefined);
    const problems = schemaViolations(Problem, body).map((message) => `${where}: ${message}`);
    if (problems.length > 0) return problems;
    const { type: problemType, title, status, code } = body as Problem;
    const shape = [];
    if (problemType !== `urn:tadamon:problem:${code}`)
      shape.push(`type is "${problemType}", not "urn:tadamon:problem:${code}"`);
    if (title !== STATUS_TITLES[response.status])
      shape.push(`title is "${title}", not "${STATUS_TITLES[response.status]}"`);
    if (status !== response.status) shape.push(`status member ${status} differs from the HTTP status`);
    return shape.map((message) => `${where}: ${message}`);
  }
  if (!(response.status in route.answers)) return [`${where}: this route never answers ${response.status}`];
  const schema = route.answers[response.status];
  if (!schema) return [];
  if (!type.startsWith('application/json')) return [`${where}: the body is application/json, not "${type}"`];
  const body: unknown = await response
    .clone()
    .json()
    .catch(() => Symbol('not JSON'));
  if (typeof body === 'symbol') return [`${where}: the body is not JSON`];
  return schemaViolations(schema, body).map((message) => `${where}: ${message}`);
}
