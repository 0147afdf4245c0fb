import {
  commandIdParamsSchema,
  commandListQuerySchema,
  commandListSchema,
  commandResponseSchema,
  sendCommandBodySchema,
  sendCommandResponseSchema,
} from '@dtwin/contracts/commands';
import { deviceIdParamsSchema } from '@dtwin/contracts/devices';
import { errorResponses } from '../../route-kit/error-responses';
import { actorOf } from '../../route-kit/request-principal';
import type { App } from '../../route-kit/types';
import type { CommandsService } from './commands.service';

const errors = errorResponses(400, 401, 403, 404, 409);

export function registerCommandsRoutes(app: App, { commands }: { commands: CommandsService }) {
  const tags = ['commands'];

  app.post(
    '/api/devices/:id/commands',
    {
      preHandler: app.requireRole('admin', 'operator'),
      schema: {
        tags,
        summary:
          'Send a command the device model accepts; delivered now if the device is connected, else when it connects (or it expires)',
        params: deviceIdParamsSchema,
        body: sendCommandBodySchema,
        response: { 202: sendCommandResponseSchema, ...errors },
      },
    },
    async (request, reply) => {
      const command = await commands.send(request.params.id, request.body, actorOf(request));
      return reply.status(202).send({ id: command.id, status: 'pending' as const, command });
    },
  );

  app.get(
    '/api/devices/:id/commands',
    {
      schema: {
        tags,
        summary: "The device's commands, newest first, with their status, times and results",
        params: deviceIdParamsSchema,
        querystring: commandListQuerySchema,
        response: { 200: commandListSchema, ...errors },
      },
    },
    async (request) => ({ items: await commands.list(request.params.id, request.query) }),
  );

  app.get(
    '/api/commands/:commandId',
    {
      schema: {
        tags,
        summary:
          'One command: status (pending, delivered, succeeded, failed, timed_out, expired), times, result',
        params: commandIdParamsSchema,
        response: { 200: commandResponseSchema, ...errors },
      },
    },
    async (request) => ({ command: await commands.get(request.params.commandId) }),
  );
}
