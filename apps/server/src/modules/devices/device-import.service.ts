import { DEVICE_IMPORT_MAX_ERRORS, type ImportLineError } from '@dtwin/contracts/device-import';
import type { Kysely } from 'kysely';
import type { Tables } from '../../db/tables';
import type { Clock } from '../../lib/clock';
import type { AuditService } from '../audit/audit.service';
import type { ModelsService } from '../models/models.service';
import type { Actor } from '../users/users.service';
import { parseDeviceCsv } from './device-import.csv';
import { hashDeviceToken, newDeviceToken } from './device-token';
import { createDevicesRepository } from './devices.repository';
import { newDeviceRow, type AssetLookup, type CreateTwin } from './devices.service';

interface Deps {
  db: Kysely<Tables>;
  createTwin: CreateTwin;
  models: Pick<ModelsService, 'find'>;
  audit: AuditService;
  clock: Clock;
  secretKey: string;
  assets: Pick<AssetLookup, 'exists'>;
}

export type ImportOutcome =
  | { ok: true; devices: Array<{ id: string; name: string; token: string }> }
  | { ok: false; errors: ImportLineError[] };

/**
 * Bulk provisioning: every device of a CSV file in one transaction, or none. Each device gets a
 * new token, returned once; only its keyed hash is stored.
 */
export function createDeviceImportService({ db, createTwin, models, audit, clock, secretKey, assets }: Deps) {
  return {
    async importCsv(text: string, actor: Actor): Promise<ImportOutcome> {
      const parsed = parseDeviceCsv(text);
      const errors: ImportLineError[] = [...parsed.errors];
      for (const row of parsed.rows)
        if (!models.find(row.body.model))
          errors.push({ line: row.line, column: 'model', reason: `no device model '${row.body.model}'` });
      const missing = new Set<string>();
      for (const id of new Set(parsed.rows.flatMap((r) => (r.body.asset_id ? [r.body.asset_id] : []))))
        if (!(await assets.exists(id))) missing.add(id);
      for (const row of parsed.rows)
        if (row.body.asset_id && missing.has(row.body.asset_id))
          errors.push({ line: row.line, column: 'asset_id', reason: `no asset '${row.body.asset_id}'` });
      const existing = await existingIds(
        db,
        parsed.rows.map((r) => r.body.id),
      );
      for (const row of parsed.rows)
        if (existing.has(row.body.id))
          errors.push({ line: row.line, column: 'id', reason: `a device '${row.body.id}' exists` });
      if (errors.length > 0)
        return {
          ok: false,
          errors: errors.sort((a, b) => a.line - b.line).slice(0, DEVICE_IMPORT_MAX_ERRORS),
        };

      const now = clock.now();
      const created = parsed.rows.map((row) => ({ row, token: newDeviceToken() }));
      await db.transaction().execute(async (trx) => {
        const devices = createDevicesRepository(trx);
        for (const { row, token } of created) {
          await devices.insert(newDeviceRow(row.body, hashDeviceToken(secretKey, token), now), (inner) =>
            createTwin(inner, row.body.id, { maintenance: row.body.maintenance_mode ?? false }),
          );
        }
      });
      await audit.record({
        actor: actor.username,
        ip: actor.ip,
        action: 'device.import',
        target: null,
        outcome: 'success',
        detail: `${created.length} devices: ${created
          .slice(0, 20)
          .map((c) => c.row.body.id)
          .join(', ')}${created.length > 20 ? ', …' : ''}`,
      });
      return {
        ok: true,
        devices: created.map(({ row, token }) => ({ id: row.body.id, name: row.body.name, token })),
      };
    },
  };
}

/** Which of these ids are taken already (read in chunks: a file may hold thousands). */
async function existingIds(db: Kysely<Tables>, ids: string[]): Promise<Set<string>> {
  const taken = new Set<string>();
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await db
      .selectFrom('devices')
      .select('id')
      .where('id', 'in', ids.slice(i, i + 500))
      .execute();
    rows.forEach((r) => taken.add(r.id));
  }
  return taken;
}

export type DeviceImportService = ReturnType<typeof createDeviceImportService>;
