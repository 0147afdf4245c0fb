import { errorBodySchema } from '@dtwin/contracts/errors';
import { notificationListQuerySchema, notificationListSchema } from '@dtwin/contracts/notifications';
import { requireRole } from '../../http/authenticate';
import type { App } from '../../http/types';
import type { AuditService } from '../audit/audit.service';
import type { DeliveryService } from './delivery.service';

export function registerNotificationsRoutes(
  app: App,
  { notifications, audit }: { notifications: DeliveryService; audit: AuditService },
) {
  app.get(
    '/api/notifications',
    {
      preHandler: requireRole(audit, 'operator', 'admin'),
      schema: {
        tags: ['notifications'],
        summary: 'Every delivery attempt, newest first: status, channel, attempt number, error',
        querystring: notificationListQuerySchema,
        response: {
          200: notificationListSchema,
          400: errorBodySchema,
          401: errorBodySchema,
          403: errorBodySchema,
        },
      },
    },
    async (request) => notifications.list(request.query),
  );
}
