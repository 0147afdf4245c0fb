import { DEVICE_IMPORT_MAX_BYTES } from '@dtwin/contracts/device-import';
import { stringify } from 'csv-stringify/sync';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorResponses } from '../../route-kit/error-responses';
import { actorOf } from '../../route-kit/request-principal';
import type { App } from '../../route-kit/types';
import type { DeviceImportService } from './device-import.service';

/**
 * `POST /api/devices/import` (admins): a `text/csv` body, read as text in this route's scope only
 * (every other route takes JSON). Answers 201 with a CSV `id,name,token`, the only time those
 * tokens are shown, or 400 with every bad line.
 */
export function registerDeviceImportRoutes(
  app: App,
  { deviceImport }: { deviceImport: DeviceImportService },
) {
  void app.register(async (plugin) => {
    const scope = plugin.withTypeProvider<ZodTypeProvider>();
    scope.addContentTypeParser(
      'text/csv',
      { parseAs: 'string', bodyLimit: DEVICE_IMPORT_MAX_BYTES },
      (_r, body, done) => done(null, body),
    );
    scope.post(
      '/api/devices/import',
      {
        bodyLimit: DEVICE_IMPORT_MAX_BYTES,
        preHandler: app.requireRole('admin'),
        schema: {
          tags: ['devices'],
          summary:
            'Create many devices from a CSV file (header id,name,model[,asset_id,tags,site,zone,x,y,…]) in one transaction; answers a CSV id,name,token',
          consumes: ['text/csv'],
          body: z.string().describe('CSV text; the header is line 1; tags are separated by ";"'),
          response: {
            201: z.string().describe('CSV id,name,token (text/csv)'),
            ...errorResponses(400, 401, 403, 413, 415),
          },
        },
      },
      async (request, reply) => {
        const outcome = await deviceImport.importCsv(request.body, actorOf(request));
        if (!outcome.ok) {
          const lines = new Set(outcome.errors.map((e) => e.line)).size;
          return reply.status(400).send({
            error: {
              code: 'validation_failed' as const,
              message: `nothing was imported: ${lines} line${lines === 1 ? ' has' : 's have'} errors`,
              lines: outcome.errors,
            },
          });
        }
        const csv = stringify([
          ['id', 'name', 'token'],
          ...outcome.devices.map((d) => [d.id, d.name, d.token]),
        ]);
        return reply
          .status(201)
          .header('content-type', 'text/csv; charset=utf-8')
          .header('content-disposition', 'attachment; filename="device-tokens.csv"')
          .header('cache-control', 'no-store')
          .send(csv);
      },
    );
  });
}
