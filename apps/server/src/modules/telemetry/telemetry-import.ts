import type { Database } from '../../db/database';
import { createTelemetryRepository } from './telemetry.repository';
import { seriesKey, type SeriesPoint } from './telemetry-rows';

/** A reading from another system's history. */
export interface ImportedReading {
  deviceId: string;
  metric: string;
  ts: number;
  value: number;
}

/**
 * Telemetry's write for imports (the Flask migration): readings and their rollups written in the
 * caller's transaction, so an import is all or nothing; returns how many were new. Unlike
 * `telemetry.store` it announces nothing — history is not live data, and must neither raise alerts
 * nor mark devices online.
 */
export async function writeImportedReadings(
  trx: Pick<Database, 'db' | 'dialect'>,
  readings: readonly ImportedReading[],
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
