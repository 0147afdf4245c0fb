import { errorBodySchema, type ErrorBody, type ErrorCode, errorCodes } from '@dtwin/contracts/errors';
import type { FastifyReply } from 'fastify';

/** A status the API answers errors with (see `errorCodes`). */
export type ErrorStatus = (typeof errorCodes)[ErrorCode];

/**
 * The error statuses a route documents, each answered with the one error body:
 * `response: { 200: deviceSchema, ...errorResponses(400, 401, 404) }`.
 */
export function errorResponses<const S extends ErrorStatus>(
  ...statuses: S[]
): Record<S, typeof errorBodySchema> {
  return Object.fromEntries(statuses.map((status) => [status, errorBodySchema])) as Record<
    S,
    typeof errorBodySchema
  >;
}

/** Sends the error body with the status of its code; the one shape every error takes. */
export function sendError(
  reply: FastifyReply,
  code: ErrorCode,
  message: string,
  fields?: Record<string, string>,
) {
  const body: ErrorBody = { error: { code, message, ...(fields ? { fields } : {}) } };
  return reply.status(errorCodes[code]).type('application/json').send(body);
}
