import {
  alertCommentBodySchema,
  alertCommentListSchema,
  alertCommentSchema,
  alertIdParamsSchema,
  bulkAlertBodySchema,
  bulkAlertResultSchema,
  alertListQuerySchema,
  alertListSchema,
  alertSchema,
  shelveBodySchema,
} from '@dtwin/contracts/alerts';
import { errorResponses } from '../../route-kit/error-responses';
import { actorOf } from '../../route-kit/request-principal';
import type { App } from '../../route-kit/types';
import type { AlertCommentService } from './alert-comment.service';
import type { AlertService } from './alert.service';

const errors = errorResponses(400, 401, 403, 404, 409);

export function registerAlertsRoutes(
  app: App,
  { alerts, alertComments }: { alerts: AlertService; alertComments: AlertCommentService },
) {
  const operators = app.requireRole('operator', 'admin');
  const tags = ['alerts'];
  const params = alertIdParamsSchema;

  app.get(
    '/api/alerts',
    {
      schema: {
        tags,
        summary:
          'Alerts, newest first, by state (comma list), severity, device, asset (its subtree), rule or group; `group=true` adds the floods',
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

  app.post(
    '/api/alerts/bulk',
    {
      preHandler: operators,
      schema: {
        tags,
        summary: 'Acknowledge, resolve or shelve up to 200 alerts at once; one outcome per alert',
        body: bulkAlertBodySchema,
        response: { 200: bulkAlertResultSchema, ...errors },
      },
    },
    async (request) => alerts.bulk(request.body, actorOf(request)),
  );

  app.get(
    '/api/alerts/:id/comments',
    {
      schema: {
        tags,
        summary: "An alert's comments, oldest first",
        params,
        response: { 200: alertCommentListSchema, ...errors },
      },
    },
    async (request) => ({ items: await alertComments.list(request.params.id) }),
  );

  app.post(
    '/api/alerts/:id/comments',
    {
      preHandler: operators,
      schema: {
        tags,
        summary: 'Comment on an alert (operator or admin)',
        params,
        body: alertCommentBodySchema,
        response: { 201: alertCommentSchema, ...errors },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await alertComments.add(request.params.id, request.body, actorOf(request))),
  );
}
