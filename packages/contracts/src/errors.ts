import { z } from 'zod';

/** The closed set of error codes the API answers with; each maps to one HTTP status. */
export const errorCodes = {
  bad_request: 400,
  validation_failed: 400,
  /** A password the policy refuses (contracts/password-policy.ts); `fields.password` says why. */
  weak_password: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  precondition_failed: 412,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
} as const;

export type ErrorCode = keyof typeof errorCodes;

export const errorCodeSchema = z.enum(Object.keys(errorCodes) as [ErrorCode, ...ErrorCode[]]);

/** One problem of one line of an uploaded file (the header is line 1; column null: the whole line). */
export const lineErrorSchema = z.object({
  line: z.number().int().min(1),
  column: z.string().nullable(),
  reason: z.string(),
});

export const errorBodySchema = z.object({
  error: z.object({
    code: errorCodeSchema,
    message: z.string(),
    fields: z.record(z.string(), z.string()).optional(),
    /** A refused file's problems, line by line (`POST /api/devices/import`). */
    lines: z.array(lineErrorSchema).optional(),
  }),
});
export type ErrorBody = z.infer<typeof errorBodySchema>;
