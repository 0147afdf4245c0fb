import { errorBodySchema, errorCodes, type ErrorCode } from '@dtwin/contracts/errors';

/** Failures that happen on this side of the wire and therefore have no server error code. */
export type ClientErrorCode = 'network_error' | 'invalid_response';

/** Every failed request ends up as one of these, with a message a person can read. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  /** HTTP status; 0 when the server could not be reached at all. */
  readonly status: number;
  readonly code: ErrorCode | ClientErrorCode;
  /** Field name → reason, from a 400's `fields`. */
  readonly fields: Readonly<Record<string, string>>;
  /** Seconds from a `Retry-After` header (429, 503), when the server sent one. */
  readonly retryAfterSeconds: number | null;
  /** The response body as sent (e.g. the line errors of an import), for views that read more of it. */
  readonly body: unknown;

  constructor(init: {
    status: number;
    code: ErrorCode | ClientErrorCode;
    message: string;
    fields?: Record<string, string>;
    retryAfterSeconds?: number | null;
    body?: unknown;
  }) {
    super(init.message);
    this.status = init.status;
    this.code = init.code;
    this.fields = init.fields ?? {};
    this.retryAfterSeconds = init.retryAfterSeconds ?? null;
    this.body = init.body;
  }
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

/** Any thrown value, in words. */
export function describeError(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof Error && error.message) return `Something went wrong: ${error.message}`;
  return 'Something went wrong.';
}

export function networkError(): ApiError {
  return new ApiError({
    status: 0,
    code: 'network_error',
    message: 'Could not reach the server. Check the connection and try again.',
  });
}

export function invalidResponseError(status: number): ApiError {
  return new ApiError({
    status,
    code: 'invalid_response',
    message:
      'The server sent an answer this page does not understand. Reload the page; if it keeps happening, the server and the web app may be different versions.',
  });
}

/** Builds the error for a non-2xx response from its (possibly absent or non-JSON) body. */
export function errorFromResponse(status: number, headers: Headers, body: unknown): ApiError {
  const retryAfterSeconds = parseRetryAfter(headers.get('Retry-After'));
  const parsed = errorBodySchema.safeParse(body);
  if (parsed.success) {
    const { code, message, fields } = parsed.data.error;
    return new ApiError({ status, code, message, fields, retryAfterSeconds, body });
  }
  // A body with an unknown code still carries a message worth showing.
  const looseMessage = readLooseMessage(body);
  return new ApiError({
    status,
    code: codeForStatus(status),
    message: looseMessage ?? messageForStatus(status),
    retryAfterSeconds,
  });
}

/** `Retry-After` is either delta-seconds or an HTTP date. */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | null {
  if (!value) return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return null;
  return Math.max(0, Math.ceil((date - now) / 1000));
}

function readLooseMessage(body: unknown): string | null {
  if (typeof body !== 'object' || body === null || !('error' in body)) return null;
  const error: unknown = body.error;
  if (typeof error !== 'object' || error === null || !('message' in error)) return null;
  return typeof error.message === 'string' && error.message ? error.message : null;
}

function codeForStatus(status: number): ErrorCode {
  const match = (Object.entries(errorCodes) as [ErrorCode, number][]).find(([, s]) => s === status);
  if (match) return match[0];
  if (status === 502 || status === 504) return 'unavailable';
  return status >= 500 ? 'internal' : 'bad_request';
}

function messageForStatus(status: number): string {
  switch (status) {
    case 400:
      return 'The server did not accept the request.';
    case 401:
      return 'You need to sign in.';
    case 403:
      return 'You are not allowed to do this.';
    case 404:
      return 'Not found.';
    case 409:
      return 'That conflicts with the current state. Reload and try again.';
    case 413:
      return 'That is too large for the server to accept.';
    case 429:
      return 'Too many requests. Wait a moment and try again.';
    case 502:
    case 503:
    case 504:
      return `The server is unavailable right now (HTTP ${status}). Try again in a moment.`;
    default:
      return status >= 500
        ? `The server had a problem (HTTP ${status}). Try again in a moment.`
        : `The request failed (HTTP ${status}).`;
  }
}
