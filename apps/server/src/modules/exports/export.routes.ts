import { Readable } from 'node:stream';
import { z } from 'zod';
import { EXPORT_TOTAL_HEADER, exportQuerySchema } from '@dtwin/contracts/reports';
import { errorResponses } from '../../route-kit/error-responses';
import { actorOf } from '../../route-kit/request-principal';
import type { App } from '../../route-kit/types';
import type { AuditService } from '../audit/audit.service';
import type { ExportService } from './export.service';

export function registerExportRoutes(
  app: App,
  { exports, audit }: { exports: ExportService; audit: AuditService },
) {
  // Any signed-in user may export what they may already read through the history API.
  app.get(
    '/api/export',
    {
      schema: {
        tags: ['reports'],
        summary: 'Telemetry as CSV or JSON over a time range, streamed; X-Total-Count announces the rows',
        querystring: exportQuerySchema,
        response: { 200: z.unknown(), ...errorResponses(400, 401, 404) },
      },
    },
    async (request, reply) => {
      const query = request.query;
      const prepared = await exports.prepare(query);
      const actor = actorOf(request);
      await audit.record({
        actor: actor.username,
        ip: actor.ip,
        action: 'telemetry.export',
        target:
          [query.asset_id ? `asset:${query.asset_id}` : '', query.device_id?.join(',') ?? '']
            .filter(Boolean)
            .join(' ')
            .slice(0, 200) || 'all devices',
        outcome: 'success',
        detail: `${query.format}, ${query.step}, ${query.from} to ${query.to}, ${prepared.total} rows`,
      });
      // Not object mode: a page is one chunk, and the next page is read only once the socket took this one.
      const body = Readable.from(prepared.chunks(), { objectMode: false, highWaterMark: 64 * 1024 });
      return reply
        .header('Content-Type', prepared.contentType)
        .header('Content-Disposition', `attachment; filename="${prepared.fileName}"`)
        .header(EXPORT_TOTAL_HEADER, String(prepared.total))
        .header('Cache-Control', 'no-store')
        .send(body);
    },
  );
}
