import {
  COMMAND_RESPONSE_MAX_BYTES,
  commandAnswerResultSchema,
  deviceCommandParamsSchema,
  polledCommandsSchema,
} from '@dtwin/contracts/commands';
import { deviceIdParamsSchema } from '@dtwin/contracts/devices';
import { AppError } from '../../lib/errors';
import { errorResponses } from '../../route-kit/error-responses';
import type { App } from '../../route-kit/types';
import type { DevicesService } from '../devices/devices.service';
import type { CommandsService } from './commands.service';

const BEARER = /^Bearer +(\S+)$/i;

/**
 * Commands for devices that speak HTTP: they poll for what waits for them and answer each
 * command, with their own token as bearer (like HTTP ingestion, outside /api/).
 */
export function registerCommandIngestRoutes(
  app: App,
  { commands, devices }: { commands: CommandsService; devices: Pick<DevicesService, 'authenticate'> },
) {
  const tags = ['ingest'];
  const authenticate = async (deviceId: string, authorization: string | undefined) => {
    const token = BEARER.exec(authorization ?? '')?.[1];
    if (!token || !(await devices.authenticate(deviceId, token)))
      throw new AppError('unauthorized', 'unknown device or wrong device token');
  };

  app.get(
    '/ingest/devices/:id/commands',
    {
      schema: {
        tags,
        summary:
          "The device's commands waiting for an answer, oldest first; they count as delivered from now",
        params: deviceIdParamsSchema,
        response: { 200: polledCommandsSchema, ...errorResponses(401) },
      },
    },
    async (request) => {
      await authenticate(request.params.id, request.headers.authorization);
      return { items: await commands.poll(request.params.id) };
    },
  );

  app.post(
    '/ingest/devices/:id/commands/:commandId/response',
    {
      bodyLimit: COMMAND_RESPONSE_MAX_BYTES,
      schema: {
        tags,
        summary: 'The device\'s answer to a command: {"status": "ok" | "error", "result"?, "message"?}',
        params: deviceCommandParamsSchema,
        response: { 200: commandAnswerResultSchema, ...errorResponses(400, 401, 404, 409, 413) },
      },
    },
    async (request) => {
      await authenticate(request.params.id, request.headers.authorization);
      const outcome = await commands.answer(request.params.id, request.params.commandId, request.body);
      if (!outcome.ok)
        throw new AppError(
          outcome.code === 'bad_request' ? 'validation_failed' : outcome.code,
          outcome.reason,
        );
      return { id: outcome.command.id, status: outcome.command.status };
    },
  );
}
