/**
 * Every failure the widgets can show. `code` is an API problem code
 * (`campaign_not_found`, …) or one of the client codes below; widgets translate
 * it and never show a server's `detail` text raw.
 */
export class ApiError extends Error {
  override readonly name = 'ApiError';

  constructor(
    /** HTTP status; 0 when no answer arrived. */
    readonly status: number,
    readonly code: ApiErrorCode,
    message = code,
    /**
     * The problem's extension members (RFC 9457) besides `type`, `title`, `status`, `code` and `detail`:
     * `shiftIds` of a `shift_full`, the per-field `errors` of a `validation_failed`. Unchecked server data:
     * read with care, never render raw.
     */
    readonly extensions: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
  }
}

export type ApiErrorCode =
  | 'network'
  | 'timeout'
  | 'malformed_response'
  | 'not_found'
  | 'rate_limited'
  | 'server_error'
  | 'http_error'
  | (string & {});

/** A fallback code for an HTTP error whose body is not problem+json. */
export function codeForStatus(status: number): ApiErrorCode {
  if (status === 404) return 'not_found';
  if (status === 429) return 'rate_limited';
  if (status >= 500) return 'server_error';
  return 'http_error';
}

export function isAbortError(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}

export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof DOMException && error.name === 'TimeoutError') return new ApiError(0, 'timeout');
  return new ApiError(0, 'network', error instanceof Error ? error.message : String(error));
}

/** A refusal a fresh proof of work fixes: expired or invalid, missing, or already used once (counted once). */
export const isChallengeRefusal = (error: ApiError) =>
  ['challenge_invalid', 'challenge_required', 'challenge_replayed'].includes(error.code);
