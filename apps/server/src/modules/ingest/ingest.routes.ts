import { deviceIdParamsSchema } from '@dtwin/contracts/devices';
import { ingestResultSchema, ingestStatsSchema } from '@dtwin/contracts/telemetry';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../lib/errors';
import { errorResponses } from '../../route-kit/error-responses';
import type { App } from '../../route-kit/types';
import type { DevicesService } from '../devices/devices.service';
import type { IngestStats } from './ingest-stats';
import type { IngestService } from './ingest.service';

const BEARER = /^Bearer +(\S+)$/i;

/**
 * HTTP ingestion, outside /api/ because devices are not users: the device's own token as a
 * bearer. Bodies are read raw so that malformed JSON is counted like any other bad input.
 */
export function registerIngestRoutes(
  app: App,
  { ingest, devices, stats }: { ingest: IngestService; devices: DevicesService; stats: IngestStats },
) {
  void app.register(async (plugin) => {
    const scope = plugin.withTypeProvider<ZodTypeProvider>();
    scope.removeContentTypeParser('application/json');
    scope.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_request, body, done) =>
      done(null, body),
    );

    const authenticate = async (deviceId: string, authorization: string | undefined) => {
      const token = BEARER.exec(authorization ?? '')?.[1];
      const found = token ? await devices.authenticate(deviceId, token) : undefined;
      if (!found) {
        ingest.refuse(null, 'bad_credentials', `HTTP ingest refused for '${deviceId.slice(0, 64)}'`);
        throw new AppError('unauthorized', 'unknown device or wrong device token');
      }
      return found.model;
    };

    scope.post(
      '/ingest/devices/:id/telemetry',
      {
        schema: {
          tags: ['ingest'],
          summary: "A device's readings, with its token as bearer; answered after they are stored",
          params: deviceIdParamsSchema,
          response: {
            200: ingestResultSchema,
            400: ingestResultSchema,
            ...errorResponses(401, 503),
          },
        },
      },
      async (request, reply) => {
        const model = await authenticate(request.params.id, request.headers.authorization);
        const result = await ingest
          .telemetry(request.params.id, model, request.body as Buffer)
          .catch((err: unknown) => {
            if (err instanceof AppError && err.code === 'unavailable') reply.header('Retry-After', '1');
            throw err;
          });
        const nothingTaken = result.accepted === 0 && result.duplicates === 0;
        return reply.status(nothingTaken ? 400 : 200).send(result);
      },
    );

    scope.post(
      '/ingest/devices/:id/reported',
      {
        schema: {
          tags: ['ingest'],
          summary: "A device's reported properties, as a flat JSON object",
          params: deviceIdParamsSchema,
          response: {
            200: z.object({ accepted: z.array(z.string()), rejected: z.array(z.string()) }),
            ...errorResponses(401),
          },
        },
      },
      async (request) => {
        await authenticate(request.params.id, request.headers.authorization);
        return ingest.reported(request.params.id, request.body as Buffer);
      },
    );
  });

  app.get(
    '/api/devices/:id/ingest',
    {
      schema: {
        tags: ['devices'],
        summary: 'What ingestion accepted and refused from this device since the server started',
        params: deviceIdParamsSchema,
        response: { 200: ingestStatsSchema, ...errorResponses(401, 404) },
      },
    },
    async (request) => {
      await devices.get(request.params.id);
      return stats.device(request.params.id);
    },
  );
}
