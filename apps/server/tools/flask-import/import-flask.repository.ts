import crypto from 'node:crypto';
import type { DeviceModel } from '@dtwin/contracts/models';
import { sql } from 'kysely';
import type { Database } from '../../src/db/database';
import { createModelsRepository } from '../../src/modules/models/models.repository';
import { builtinModels } from '../../src/modules/models/builtin-models';
import {
  createTelemetryRepository,
  seriesKey,
  type SeriesPoint,
} from '../../src/modules/telemetry/telemetry.repository';
import { createUsersRepository } from '../../src/modules/users/users.repository';
import type { PlannedDevice, PlannedReading } from './flask-telemetry';

/** A user ready to insert: password hashed, e-mail already encrypted with this server's key. */
export interface UserRow {
  username: string;
  password_hash: string;
  email_enc: string | null;
  role: string;
  disabled: boolean;
  created_at: number;
}

export type ImportStep = 'users' | 'devices' | 'readings';

/** What is in this server's database already, for planning (read-only). */
export interface ImportTarget {
  userExists(username: string): Promise<boolean>;
  modelOf(deviceId: string): Promise<string | undefined>;
  models: DeviceModel[];
}

/** The built-in models and any stored ones (a new database has its built-ins only after the server started once). */
function withBuiltins(stored: DeviceModel[]): DeviceModel[] {
  const ids = new Set(stored.map((m) => m.id));
  return [...stored, ...builtinModels.filter((m) => !ids.has(m.id))];
}

export async function readImportTarget({ db }: Pick<Database, 'db'>): Promise<ImportTarget> {
  return {
    async userExists(username) {
      const row = await db
        .selectFrom('users')
        .select('id')
        .where(sql<string>`lower(username)`, '=', username.toLowerCase())
        .executeTakeFirst();
      return row !== undefined;
    },
    async modelOf(deviceId) {
      const row = await db
        .selectFrom('devices')
        .select('model_id')
        .where('id', '=', deviceId)
        .executeTakeFirst();
      return row?.model_id;
    },
    models: withBuiltins(await createModelsRepository(db).list()),
  };
}

/** A database that has no schema yet (a dry run before the first start): nothing exists. */
export const emptyImportTarget = (): ImportTarget => ({
  userExists: async () => false,
  modelOf: async () => undefined,
  models: builtinModels,
});

/**
 * Writes the whole import in one transaction: users, then devices with their twins, then the
 * readings with their rollups. An error anywhere rolls all of it back. `afterStep` runs inside the
 * transaction after each part (progress, and tests that make a later part fail).
 */
export async function writeImport(
  database: Pick<Database, 'db' | 'dialect'>,
  rows: { users: UserRow[]; devices: PlannedDevice[]; readings: PlannedReading[] },
  options: { now: number; afterStep?: (step: ImportStep) => void | Promise<void> },
): Promise<{ users: number; devices: number; readings: number; duplicates: number }> {
  return database.db.transaction().execute(async (trx) => {
    const users = createUsersRepository(trx);
    for (const u of rows.users) {
      await users.insert({ ...u, disabled: u.disabled ? 1 : 0, tokens_valid_after: 0, last_login_at: null });
    }
    await options.afterStep?.('users');

    for (const d of rows.devices) {
      // No token is known for an imported device: the hash matches none until credentials are rotated.
      await trx
        .insertInto('devices')
        .values({
          id: d.id,
          name: d.name,
          model_id: d.model,
          zone: d.zone,
          x: null,
          y: null,
          manufacturer: null,
          model_number: null,
          firmware: null,
          installed_at: null,
          last_maintenance_at: null,
          token_hash: crypto.randomBytes(32).toString('hex'),
          created_at: d.createdAt,
          updated_at: options.now,
        })
        .execute();
      await trx
        .insertInto('twins')
        .values({
          device_id: d.id,
          reported_metrics: '{}',
          reported_properties: '{}',
          desired: '{}',
          version: 0,
          last_seen: null,
          connectivity: 'offline',
          condition: 'normal',
        })
        .execute();
    }
    await options.afterStep?.('devices');

    let stored = 0;
    if (rows.readings.length > 0) {
      const telemetry = createTelemetryRepository({ db: trx, dialect: database.dialect });
      const pairs = new Map(
        rows.readings.map((r) => [
          seriesKey(r.deviceId, r.metric),
          { deviceId: r.deviceId, metric: r.metric },
        ]),
      );
      const ids = await telemetry.resolveSeries([...pairs.values()]);
      const points: SeriesPoint[] = rows.readings.map((r) => ({
        seriesId: ids.get(seriesKey(r.deviceId, r.metric))!,
        ts: r.ts,
        value: r.value,
      }));
      stored = await telemetry.writeWithin(trx, points);
    }
    await options.afterStep?.('readings');
    return {
      users: rows.users.length,
      devices: rows.devices.length,
      readings: stored,
      duplicates: rows.readings.length - stored,
    };
  });
}
