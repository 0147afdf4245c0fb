import { errorCodes, type ErrorCode } from '@dtwin/contracts/errors';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { AppError } from '../lib/errors';
import { sendError } from '../route-kit/error-responses';
import type { App } from '../route-kit/types';

const statusCodes = new Map<number, ErrorCode>(
  Object.entries(errorCodes)
    .filter(([code]) => code !== 'validation_failed' && code !== 'weak_password')
    .map(([code, status]) => [status, code as ErrorCode]),
);

function validationFields(
  error: FastifyError & { validation: Array<{ instancePath: string; message?: string }> },
) {
  const where = error.validationContext ?? 'body';
  const fields: Record<string, string> = {};
  for (const issue of error.validation) {
    const name = issue.instancePath.replace(/^\//, '').replaceAll('/', '.') || where;
    fields[name] ??= issue.message ?? 'is invalid';
  }
  return fields;
}

/** The one place where errors become HTTP statuses; a 5xx says nothing internal. */
export function registerErrorHandler(app: App) {
  app.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    if (error instanceof AppError) {
      if (error.details.retryAfterS !== undefined)
        reply.header('Retry-After', String(error.details.retryAfterS));
      return sendError(reply, error.code, error.message, error.details.fields);
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const fields = validationFields(error);
      const summary = Object.entries(fields)
        .map(([field, message]) => `${field}: ${message}`)
        .join('; ');
      return sendError(
        reply,
        'validation_failed',
        `invalid ${error.validationContext ?? 'request'}: ${summary}`,
        fields,
      );
    }
    if (isResponseSerializationError(error)) {
      request.log.error({ err: error }, 'response did not match its schema');
      return sendError(reply, 'internal', 'internal error');
    }
    switch (error.code) {
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        return sendError(reply, 'payload_too_large', 'the request body is too large');
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
        return sendError(reply, 'unsupported_media_type', 'send the body as application/json');
      case 'FST_ERR_CTP_EMPTY_JSON_BODY':
        return sendError(reply, 'bad_request', 'the JSON body is empty');
      case 'FST_ERR_CTP_INVALID_JSON_BODY':
        return sendError(reply, 'bad_request', 'the body is not valid JSON');
    }
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      const message = error instanceof SyntaxError ? 'the body is not valid JSON' : error.message;
      return sendError(reply, statusCodes.get(status) ?? 'bad_request', message);
    }
    request.log.error({ err: error }, 'request failed');
    return sendError(reply, status === 503 ? 'unavailable' : 'internal', 'internal error');
  });
}
