import { deviceIdParamsSchema } from '@dtwin/contracts/devices';
import { telemetryQuerySchema, telemetrySeriesSchema } from '@dtwin/contracts/telemetry';
import { errorResponses } from '../../route-kit/error-responses';
import type { App } from '../../route-kit/types';
import type { DeviceComputedMetricsService } from '../computed-metrics/device-computed-metrics.service';
import type { DevicesService } from '../devices/devices.service';
import type { TelemetryService } from './telemetry.service';

const errors = errorResponses(400, 401, 404);

export function registerTelemetryRoutes(
  app: App,
  {
    telemetry,
    devices,
    deviceComputedMetrics,
  }: {
    telemetry: Pick<TelemetryService, 'history'>;
    devices: Pick<DevicesService, 'metricOf'>;
    /** A device's computed metric is charted like a measured one (its series is stored apart). */
    deviceComputedMetrics?: Pick<DeviceComputedMetricsService, 'has' | 'history'>;
  },
) {
  // Any authenticated role may read history: the authentication hook covers every /api/ route.
  app.get(
    '/api/devices/:id/telemetry',
    {
      schema: {
        tags: ['telemetry'],
        summary:
          'History of one metric (measured or computed): raw readings or 1-minute / 1-hour rollups, chosen from the range',
        params: deviceIdParamsSchema,
        querystring: telemetryQuerySchema,
        response: { 200: telemetrySeriesSchema, ...errors },
      },
      // The series is built here, typed by that schema; checking its thousands of points again
      // before sending them took a quarter of the request (the schema stays in the API docs).
      serializerCompiler: () => (data) => JSON.stringify(data),
    },
    async (request) => {
      if (deviceComputedMetrics?.has(request.params.id, request.query.metric))
        return deviceComputedMetrics.history(request.params.id, request.query);
      const metric = await devices.metricOf(request.params.id, request.query.metric);
      return telemetry.history(request.params.id, metric, request.query);
    },
  );
}
