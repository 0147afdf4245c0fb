import type { ErrorCode } from '@dtwin/contracts/errors';

/** The one error type services throw; the HTTP layer maps `code` to a status in one place. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: { fields?: Record<string, string>; retryAfterS?: number } = {},
  ) {
    super(message);
    this.name = 'AppError';
  }
}

/** A reason the server must not start; printed as one clear line, without a stack trace. */
export class StartupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StartupError';
  }
}
