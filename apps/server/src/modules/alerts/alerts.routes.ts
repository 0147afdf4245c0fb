import {
  alertIdParamsSchema,
  alertListQuerySchema,
  alertListSchema,
  alertSchema,
  shelveBodySchema,
} from '@dtwin/contracts/alerts';
import { errorBodySchema } from '@dtwin/contracts/errors';
import { actorOf, requireRole } from '../../http/authenticate';
import type { App } from '../../http/types';
import type { AuditService } from '../audit/audit.service';
import type { AlertService } from './alert.service';

const errors = {
  400: errorBodySchema,
  401: errorBodySchema,
  403: errorBodySchema,
  404: errorBodySchema,
  409: errorBodySchema,
};

export function registerAlertsRoutes(
  app: App,
  { alerts, audit }: { alerts: AlertService; audit: AuditService },
) {
  const operators = requireRole(audit, 'operator', 'admin');
  const tags = ['alerts'];
  const params = alertIdParamsSchema;

  app.get(
    '/api/alerts',
    {
      schema: {
        tags,
        summary:
          'Alerts, newest first, by state (comma list), severity, device, rule or group; `group=true` adds the floods',
        querystring: alertListQuerySchema,
        response: { 200: alertListSchema, ...errors },
      },
    },
    async (request) => alerts.list(request.query),
  );

  app.get(
    '/api/alerts/:id',
    { schema: { tags, summary: 'One alert', params, response: { 200: alertSchema, ...errors } } },
    async (request) => alerts.get(request.params.id),
  );

  app.post(
    '/api/alerts/:id/acknowledge',
    {
      preHandler: operators,
      schema: {
        tags,
        summary: 'Acknowledge an open alert (operator or admin)',
        params,
        response: { 200: alertSchema, ...errors },
      },
    },
    async (request) => alerts.acknowledge(request.params.id, actorOf(request)),
  );

  app.post(
    '/api/alerts/:id/resolve',
    {
      preHandler: operators,
      schema: {
        tags,
        summary: 'Close an open alert by hand (operator or admin)',
        params,
        response: { 200: alertSchema, ...errors },
      },
    },
    async (request) => alerts.resolve(request.params.id, actorOf(request)),
  );

  app.post(
    '/api/alerts/:id/shelve',
    {
      preHandler: operators,
      schema: {
        tags,
        summary: 'Snooze an open alert: no notifications until the time is up',
        params,
        body: shelveBodySchema,
        response: { 200: alertSchema, ...errors },
      },
    },
    async (request) => alerts.shelve(request.params.id, request.body, actorOf(request)),
  );

  app.post(
    '/api/alerts/:id/unshelve',
    {
      preHandler: operators,
      schema: {
        tags,
        summary: 'End the shelving of an alert now',
        params,
        response: { 200: alertSchema, ...errors },
      },
    },
    async (request) => alerts.unshelve(request.params.id, actorOf(request)),
  );
}
