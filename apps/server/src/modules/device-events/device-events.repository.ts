import type { Insertable, Kysely, Selectable } from 'kysely';
import type { Tables } from '../../db/tables';

export type DeviceEventRow = Selectable<Tables['device_events']>;
export type NewDeviceEventRow = Insertable<Tables['device_events']>;

export interface DeviceEventFilter {
  from?: number;
  to?: number;
  type?: string;
  limit: number;
}

export function createDeviceEventsRepository(db: Kysely<Tables>) {
  return {
    async insert(row: NewDeviceEventRow): Promise<DeviceEventRow> {
      return db.insertInto('device_events').values(row).returningAll().executeTakeFirstOrThrow();
    },

    /** Newest first. */
    list(deviceId: string, filter: DeviceEventFilter): Promise<DeviceEventRow[]> {
      let q = db.selectFrom('device_events').selectAll().where('device_id', '=', deviceId);
      if (filter.from !== undefined) q = q.where('ts', '>=', filter.from);
      if (filter.to !== undefined) q = q.where('ts', '<', filter.to);
      if (filter.type) q = q.where('type', '=', filter.type);
      return q.orderBy('ts', 'desc').orderBy('id', 'desc').limit(filter.limit).execute();
    },

    async count(deviceId: string): Promise<number> {
      const row = await db
        .selectFrom('device_events')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('device_id', '=', deviceId)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },

    /** Every failure, repair and install-like event of the devices of one model, oldest first. */
    forModel(modelId: string, limit: number): Promise<DeviceEventRow[]> {
      return db
        .selectFrom('device_events')
        .innerJoin('devices', 'devices.id', 'device_events.device_id')
        .selectAll('device_events')
        .where('devices.model_id', '=', modelId)
        .where('device_events.type', 'in', ['failure', 'repair'])
        .orderBy('device_events.ts', 'asc')
        .orderBy('device_events.id', 'asc')
        .limit(limit)
        .execute();
    },

    /** How many failures each device model has on record (what re-learning watches). */
    async failureCounts(): Promise<Map<string, number>> {
      const rows = await db
        .selectFrom('device_events')
        .innerJoin('devices', 'devices.id', 'device_events.device_id')
        .select(['devices.model_id as model_id', (eb) => eb.fn.countAll<number>().as('n')])
        .where('device_events.type', '=', 'failure')
        .groupBy('devices.model_id')
        .execute();
      return new Map(rows.map((r) => [r.model_id, Number(r.n)]));
    },
  };
}

export type DeviceEventsRepository = ReturnType<typeof createDeviceEventsRepository>;
