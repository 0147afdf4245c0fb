import { notificationListQuerySchema, notificationListSchema } from '@dtwin/contracts/notifications';
import { errorResponses } from '../../route-kit/error-responses';
import type { App } from '../../route-kit/types';
import type { DeliveryService } from './delivery.service';

export function registerNotificationsRoutes(app: App, { notifications }: { notifications: DeliveryService }) {
  app.get(
    '/api/notifications',
    {
      preHandler: app.requireRole('operator', 'admin'),
      schema: {
        tags: ['notifications'],
        summary: 'Every delivery attempt, newest first: status, channel, attempt number, error',
        querystring: notificationListQuerySchema,
        response: {
          200: notificationListSchema,
          ...errorResponses(400, 401, 403),
        },
      },
    },
    async (request) => notifications.list(request.query),
  );
}
