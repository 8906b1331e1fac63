import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { Problem } from './schemas/common.js';

export interface FieldError {
  field: string;
  code: string;
}

/** An error the client caused, answered as problem+json with a stable `code`. */
export class ProblemError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    readonly detail?: string,
    readonly errors?: FieldError[],
    /** RFC 9457 extension members, e.g. `shiftIds` of a `shift_full` (see ProblemExtensions). */
    readonly extensions?: ProblemExtensions,
  ) {
    super(detail ?? code);
  }
}

/**
 * RFC 9457 extension members a problem may carry. Empty here: each route's module adds its own fields by declaration
 * merging (`declare module '…/problems.js' { interface ProblemExtensions { shiftIds?: string[] } }`), and declares
 * them in the Problem schema (schemas/common.ts) too, or the serialiser drops them.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface ProblemExtensions {}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export function problemBody(
  status: number,
  code: string,
  detail?: string,
  errors?: FieldError[],
  extensions?: ProblemExtensions,
): Problem {
  return {
    ...extensions,
    type: `urn:tadamon:problem:${code}`,
    title: STATUS_CODES[status] ?? 'Error',
    status,
    code,
    ...(detail === undefined ? {} : { detail }),
    ...(errors === undefined ? {} : { errors }),
  };
}

/** Response schemas for a route's problem answers, so they appear in the OpenAPI document. */
export function problemResponses(...statuses: number[]) {
  const response = {
    description: 'Problem details',
    content: { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: 'Problem#' } } },
  };
  return Object.fromEntries(statuses.map((status) => [status, response]));
}

const FASTIFY_CODES: Record<string, [number, string]> = {
  FST_ERR_CTP_BODY_TOO_LARGE: [413, 'payload_too_large'],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [415, 'unsupported_media_type'],
  FST_ERR_CTP_INVALID_JSON_BODY: [400, 'invalid_json'],
  FST_ERR_CTP_EMPTY_JSON_BODY: [400, 'invalid_json'],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: [400, 'invalid_content_length'],
};

const GENERIC_CODES: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  406: 'not_acceptable',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  422: 'validation_failed',
  429: 'rate_limited',
};

const AJV_CODES: Record<string, string> = {
  required: 'required',
  additionalProperties: 'unknown_field',
  type: 'invalid_type',
  minimum: 'too_small',
  exclusiveMinimum: 'too_small',
  maximum: 'too_large',
  exclusiveMaximum: 'too_large',
  minLength: 'too_short',
  maxLength: 'too_long',
  minItems: 'too_few',
  maxItems: 'too_many',
  minProperties: 'empty',
  pattern: 'invalid_format',
  format: 'invalid_format',
  const: 'invalid_value',
  enum: 'invalid_value',
  anyOf: 'invalid_value',
  oneOf: 'invalid_value',
};

type AjvError = NonNullable<FastifyError['validation']>[number];

/** `/association/name` + missing `city` → `association.city`; body fields are named without a prefix. */
function fieldErrors(validation: AjvError[]): FieldError[] {
  const seen = new Set<string>();
  const errors: FieldError[] = [];
  for (const error of validation) {
    const segments = error.instancePath.split('/').filter(Boolean);
    const params = error.params as { missingProperty?: string; additionalProperty?: string };
    const extra = params.missingProperty ?? params.additionalProperty;
    if (extra !== undefined) segments.push(extra);
    const field = segments.map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~')).join('.');
    const code = AJV_CODES[error.keyword] ?? 'invalid';
    const key = `${field}\u0000${code}`;
    if (!seen.has(key)) {
      seen.add(key);
      errors.push({ field, code });
    }
  }
  return errors.slice(0, 50);
}

function toProblem(error: FastifyError): Problem {
  if (error instanceof ProblemError) {
    return problemBody(error.statusCode, error.code, error.detail, error.errors, error.extensions);
  }
  if (error.validation) {
    return problemBody(
      422,
      'validation_failed',
      'The request does not match the schema.',
      fieldErrors(error.validation),
    );
  }
  const known = error.code ? FASTIFY_CODES[error.code] : undefined;
  if (known) return problemBody(known[0], known[1]);
  const status = error.statusCode ?? 500;
  // Body parser errors (bad JSON, prototype poisoning) arrive as SyntaxError with a 400.
  if (status === 400 && error instanceof SyntaxError) return problemBody(400, 'invalid_json');
  if (status >= 400 && status < 500) return problemBody(status, GENERIC_CODES[status] ?? 'bad_request');
  return problemBody(500, 'internal_error');
}

export function sendProblem(reply: FastifyReply, problem: Problem): FastifyReply {
  return reply.status(problem.status).type(PROBLEM_CONTENT_TYPE).send(problem);
}

/**
 * Fastify's own answer to a path it cannot route (`%C0`, a parameter past the router's length limit): a 404 like
 * any other invalid id. No hook has run, so the reads' CORS header is added here (admin routes get none).
 */
export function answerFrameworkError(_error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  reply.header('cache-control', 'no-store');
  if (!request.url.startsWith('/admin')) reply.header('access-control-allow-origin', '*');
  void sendProblem(reply, problemBody(404, 'not_found', 'This path is not valid.'));
}

/**
 * Requests Node cannot parse (headers over its 16 kB limit, a request that took too long, broken syntax) never
 * reach a route: they are answered here, as problems too, and the connection closed.
 */
export function answerClientError(error: Error & { code?: string; rawPacket?: unknown }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed || !socket.writable) return;
  const [status, code] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'headers_too_large']
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'request_timeout']
        : [400, 'bad_request'];
  const body = JSON.stringify(problemBody(status, code));
  // The answer to a HEAD has no body: a client would read one as a second, broken answer. The request line is at the
  // start of the packet Node could not parse (a request whose headers overflow arrives whole on one connection).
  const { rawPacket } = error;
  const head = Buffer.isBuffer(rawPacket) && rawPacket.subarray(0, 5).toString('latin1') === 'HEAD ';
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nConnection: close\r\nCache-Control: no-store\r\n` +
      `Content-Type: ${PROBLEM_CONTENT_TYPE}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${head ? '' : body}`,
  );
}

/** The one place where errors become answers: stable codes, and nothing internal leaks on 5xx. */
export function registerProblemHandlers(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const problem = toProblem(error);
    if (problem.status >= 500) request.log.error({ err: error }, 'request failed');
    reply.header('cache-control', 'no-store');
    if (problem.status === 401) reply.header('www-authenticate', 'Bearer');
    return sendProblem(reply, problem);
  });
  app.setNotFoundHandler((request, reply) => {
    reply.header('cache-control', 'no-store');
    return sendProblem(reply, problemBody(404, 'not_found', `No route for ${request.method} here.`));
  });
}
