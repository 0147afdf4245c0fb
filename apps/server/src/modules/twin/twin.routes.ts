import { deviceIdParamsSchema } from '@dtwin/contracts/devices';
import { errorBodySchema } from '@dtwin/contracts/errors';
import { patchTwinBodySchema, twinSchema } from '@dtwin/contracts/twin';
import { actorOf, requireRole } from '../../http/authenticate';
import type { App } from '../../http/types';
import type { AuditService } from '../audit/audit.service';
import { etagOf, type TwinService } from './twin.service';

const errors = {
  400: errorBodySchema,
  401: errorBodySchema,
  403: errorBodySchema,
  404: errorBodySchema,
  412: errorBodySchema,
};

export function registerTwinRoutes(app: App, { twin, audit }: { twin: TwinService; audit: AuditService }) {
  app.get(
    '/api/devices/:id/twin',
    {
      schema: {
        tags: ['twin'],
        summary: 'The twin: reported, desired, delta, version (also as ETag), connectivity, condition',
        params: deviceIdParamsSchema,
        response: { 200: twinSchema, ...errors },
      },
    },
    async (request, reply) => {
      const result = await twin.get(request.params.id);
      return reply.header('ETag', etagOf(result.version)).send(result);
    },
  );

  app.patch(
    '/api/devices/:id/twin',
    {
      preHandler: requireRole(audit, 'operator', 'admin'),
      schema: {
        tags: ['twin'],
        summary:
          'Change desired properties (null removes one); send If-Match with the ETag to refuse a stale edit (412)',
        params: deviceIdParamsSchema,
        body: patchTwinBodySchema,
        response: { 200: twinSchema, ...errors },
      },
    },
    async (request, reply) => {
      const ifMatch = request.headers['if-match'];
      const result = await twin.patchDesired(
        request.params.id,
        request.body.desired,
        ifMatch,
        actorOf(request),
      );
      return reply.header('ETag', etagOf(result.version)).send(result);
    },
  );
}
