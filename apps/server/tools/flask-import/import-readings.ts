import type { Database } from '../../src/db/database';
import {
  createTelemetryRepository,
  seriesKey,
  type SeriesPoint,
} from '../../src/modules/telemetry/telemetry.repository';
import type { PlannedReading } from './flask-telemetry';

/**
 * Writes imported readings and their rollups in the import's transaction; returns how many were
 * new. The one write the import still makes through another module's repository: the telemetry
 * service has no write that joins a transaction (its `store` commits batches of its own, and
 * announces them as live readings, which would raise alerts and mark devices online for history).
 */
export async function writeReadings(
  trx: Pick<Database, 'db' | 'dialect'>,
  readings: PlannedReading[],
): Promise<number> {
  if (readings.length === 0) return 0;
  const telemetry = createTelemetryRepository(trx);
  const pairs = new Map(
    readings.map((r) => [seriesKey(r.deviceId, r.metric), { deviceId: r.deviceId, metric: r.metric }]),
  );
  const ids = await telemetry.resolveSeries([...pairs.values()]);
  const points: SeriesPoint[] = readings.map((r) => ({
    seriesId: ids.get(seriesKey(r.deviceId, r.metric))!,
    ts: r.ts,
    value: r.value,
  }));
  return telemetry.writeWithin(trx.db, points);
}
