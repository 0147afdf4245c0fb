import { deviceIdParamsSchema } from '@dtwin/contracts/devices';
import { patchTwinBodySchema, twinSchema } from '@dtwin/contracts/twin';
import { errorResponses } from '../../route-kit/error-responses';
import { actorOf } from '../../route-kit/request-principal';
import type { App } from '../../route-kit/types';
import { etagOf, type TwinService } from './twin.service';

const errors = errorResponses(400, 401, 403, 404, 412);

export function registerTwinRoutes(app: App, { twin }: { twin: TwinService }) {
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
      preHandler: app.requireRole('operator', 'admin'),
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
