import {
  channelIdParamsSchema,
  channelListSchema,
  channelSchema,
  channelTestResultSchema,
  createChannelBodySchema,
  updateChannelBodySchema,
} from '@dtwin/contracts/notifications';
import { z } from 'zod';
import { errorResponses } from '../../route-kit/error-responses';
import { actorOf } from '../../route-kit/request-principal';
import type { App } from '../../route-kit/types';
import type { ChannelService } from './channel.service';
import type { DeliveryService } from './delivery.service';

const errors = errorResponses(400, 401, 403, 404);

/** Notification channels, admins only. Secrets go in and are never sent back. */
export function registerChannelsRoutes(
  app: App,
  { channels, notifications }: { channels: ChannelService; notifications: DeliveryService },
) {
  const adminOnly = app.requireRole('admin');
  const tags = ['notifications'];
  const params = channelIdParamsSchema;

  app.get(
    '/api/channels',
    {
      preHandler: adminOnly,
      schema: { tags, summary: 'Notification channels', response: { 200: channelListSchema, ...errors } },
    },
    async () => {
      const items = await channels.list();
      return { items, total: items.length };
    },
  );

  app.post(
    '/api/channels',
    {
      preHandler: adminOnly,
      schema: {
        tags,
        summary: 'Add an e-mail (SMTP), Slack-compatible or signed generic webhook channel',
        body: createChannelBodySchema,
        response: { 201: channelSchema, ...errors },
      },
    },
    async (request, reply) => reply.status(201).send(await channels.create(request.body, actorOf(request))),
  );

  app.get(
    '/api/channels/:id',
    {
      preHandler: adminOnly,
      schema: { tags, summary: 'One channel', params, response: { 200: channelSchema, ...errors } },
    },
    async (request) => channels.get(request.params.id),
  );

  app.patch(
    '/api/channels/:id',
    {
      preHandler: adminOnly,
      schema: {
        tags,
        summary: 'Change a channel',
        params,
        body: updateChannelBodySchema,
        response: { 200: channelSchema, ...errors },
      },
    },
    async (request) => channels.update(request.params.id, request.body, actorOf(request)),
  );

  app.delete(
    '/api/channels/:id',
    {
      preHandler: adminOnly,
      schema: { tags, summary: 'Delete a channel', params, response: { 204: z.null(), ...errors } },
    },
    async (request, reply) => {
      await channels.remove(request.params.id, actorOf(request));
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/channels/:id/test',
    {
      preHandler: adminOnly,
      schema: {
        tags,
        summary: 'Send a test message now and say whether it went through',
        params,
        response: { 200: channelTestResultSchema, ...errors },
      },
    },
    async (request) => {
      await channels.get(request.params.id);
      return notifications.test(request.params.id, actorOf(request));
    },
  );
}
