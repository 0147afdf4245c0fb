import { deviceAnomalySchema, type DeviceAnomaly } from '@dtwin/contracts/anomaly';
import { deviceIdParamsSchema } from '@dtwin/contracts/devices';
import type { Clock } from '../../lib/clock';
import { AppError } from '../../lib/errors';
import { errorResponses } from '../../route-kit/error-responses';
import type { App } from '../../route-kit/types';
import type { DevicesService } from '../devices/devices.service';
import type { AnomalyScoring } from './anomaly-scoring';

const errors = errorResponses(400, 401, 404);

/** Any authenticated role may read it (the authentication hook covers every /api/ route). */
export function registerAnomalyRoutes(
  app: App,
  {
    anomalyScoring,
    devices,
    clock,
  }: {
    anomalyScoring: Pick<AnomalyScoring, 'contextOf'>;
    devices: Pick<DevicesService, 'modelOf'>;
    clock: Pick<Clock, 'now'>;
  },
) {
  app.get(
    '/api/devices/:id/anomaly',
    {
      schema: {
        tags: ['analytics'],
        summary: "The anomaly detector's context: the last change it re-baselined after instead of alerting",
        params: deviceIdParamsSchema,
        response: { 200: deviceAnomalySchema, ...errors },
      },
    },
    async (request): Promise<DeviceAnomaly> => {
      const id = request.params.id;
      if ((await devices.modelOf(id)) === undefined) throw new AppError('not_found', `no device '${id}'`);
      const context = anomalyScoring.contextOf(id);
      if (!context) return { device_id: id, context: null };
      const at = new Date(context.atMs).toISOString();
      return {
        device_id: id,
        context: {
          reason: context.reason,
          at,
          until: new Date(context.untilMs).toISOString(),
          active: clock.now() <= context.untilMs,
          message: `re-baselined after ${context.reason} at ${at}`,
        },
      };
    },
  );
}
