import {
  alertRuleIdParamsSchema,
  alertRuleListSchema,
  alertRuleSchema,
  createAlertRuleBodySchema,
  shelveBodySchema,
  updateAlertRuleBodySchema,
} from '@dtwin/contracts/alerts';
import { z } from 'zod';
import { errorResponses } from '../../route-kit/error-responses';
import { actorOf } from '../../route-kit/request-principal';
import type { App } from '../../route-kit/types';
import type { AlertRuleService } from './alert-rule.service';
import type { AlertService } from './alert.service';

const errors = errorResponses(400, 401, 403, 404, 409);

export function registerAlertRulesRoutes(
  app: App,
  { alertRules, alerts }: { alertRules: AlertRuleService; alerts: AlertService },
) {
  const adminOnly = app.requireRole('admin');
  const operators = app.requireRole('operator', 'admin');
  const tags = ['alert rules'];
  const params = alertRuleIdParamsSchema;

  app.get(
    '/api/alert-rules',
    { schema: { tags, summary: 'Alert rules', response: { 200: alertRuleListSchema, ...errors } } },
    async () => {
      const items = alertRules.list();
      return { items, total: items.length };
    },
  );

  app.post(
    '/api/alert-rules',
    {
      preHandler: adminOnly,
      schema: {
        tags,
        summary: 'Create an alert rule (admin)',
        body: createAlertRuleBodySchema,
        response: { 201: alertRuleSchema, ...errors },
      },
    },
    async (request, reply) => reply.status(201).send(await alertRules.create(request.body, actorOf(request))),
  );

  app.get(
    '/api/alert-rules/:id',
    { schema: { tags, summary: 'One alert rule', params, response: { 200: alertRuleSchema, ...errors } } },
    async (request) => alertRules.get(request.params.id),
  );

  app.patch(
    '/api/alert-rules/:id',
    {
      preHandler: adminOnly,
      schema: {
        tags,
        summary: 'Change an alert rule (admin)',
        params,
        body: updateAlertRuleBodySchema,
        response: { 200: alertRuleSchema, ...errors },
      },
    },
    async (request) => alertRules.update(request.params.id, request.body, actorOf(request)),
  );

  app.delete(
    '/api/alert-rules/:id',
    {
      preHandler: adminOnly,
      schema: {
        tags,
        summary: 'Delete an alert rule; its open alerts clear (admin)',
        params,
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      await alertRules.remove(request.params.id, actorOf(request));
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/alert-rules/:id/shelve',
    {
      preHandler: operators,
      schema: {
        tags,
        summary: 'Snooze a whole rule and its open alerts (operator or admin)',
        params,
        body: shelveBodySchema,
        response: { 200: alertRuleSchema, ...errors },
      },
    },
    async (request) => alerts.shelveRule(request.params.id, request.body, actorOf(request)),
  );

  app.delete(
    '/api/alert-rules/:id/shelve',
    {
      preHandler: operators,
      schema: {
        tags,
        summary: 'End the shelving of a rule now',
        params,
        response: { 200: alertRuleSchema, ...errors },
      },
    },
    async (request) => alerts.unshelveRule(request.params.id, actorOf(request)),
  );
}
