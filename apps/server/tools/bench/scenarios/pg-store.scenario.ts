import { sql } from 'kysely';
import { openPostgres } from '../../../src/db/database';
import { migrateToLatest } from '../../../src/db/migrate';
import { DAY_MS, dayStart, ensureDayPartitions } from '../../../src/db/reading-partitions';
// The storage layer itself is what this scenario measures, below the services and their events.
// eslint-disable-next-line no-restricted-imports
import { createTelemetryRepository } from '../../../src/modules/telemetry/telemetry.repository';
import { chunks, rowSource, type SeriesPoint } from '../../../src/modules/telemetry/telemetry-rows';
import type { PgStoreFigures } from '../bench-results';
import { round } from '../histogram';
import { openBenchPostgres } from '../external-services';
import type { BenchContext } from './context';

/**
 * PostgreSQL's storage path on its own, through the server's telemetry repository on a fresh,
 * migrated schema (day-partitioned readings): batches as group commit makes them, first with
 * their rollups in the same transaction (as a PostgreSQL server writes them), then the readings
 * alone through the same `unnest` insert; then retention, dropping a whole day against deleting
 * the same number of rows one series at a time. Skipped with a note without PostgreSQL.
 */
export async function runPgStore({ params, log, note }: BenchContext): Promise<PgStoreFigures | undefined> {
  const postgres = await openBenchPostgres();
  if (typeof postgres === 'string') {
    note(`pgstore: skipped, ${postgres}`);
    return undefined;
  }
  const database = openPostgres(postgres.url, { max: 2 });
  try {
    await migrateToLatest(database);
    const repository = createTelemetryRepository(database);
    const { rows, batch, series } = params.pgStore;
    const today = dayStart(Date.now());
    // Yesterday (a partition of its own, dropped by retention below) and 30 days ago (the
    // default partition: no day partition exists there, so retention deletes row by row).
    const yesterday = today - DAY_MS + 3_600_000;
    const monthAgo = today - 30 * DAY_MS + 3_600_000;
    await ensureDayPartitions(database.db, yesterday, yesterday);

    const points = (start: number, from: number, to: number): SeriesPoint[] =>
      Array.from({ length: to - from }, (_, i) => {
        const n = from + i;
        return {
          seriesId: (n % series) + 1,
          ts: start + Math.floor(n / series) * 100,
          value: 50 + Math.sin(n) * 10,
        };
      });

    log(`pgstore: ${rows} rows in batches of ${batch}, rollups in the same transaction`);
    let t0 = performance.now();
    for (let from = 0; from < rows; from += batch) {
      await repository.writeBatch(points(yesterday, from, Math.min(rows, from + batch)));
    }
    const withRollups = rows / ((performance.now() - t0) / 1000);

    log('pgstore: the same rows again, readings only');
    t0 = performance.now();
    for (let from = 0; from < rows; from += batch) {
      await database.db.transaction().execute(async (trx) => {
        for (const part of chunks(points(monthAgo, from, Math.min(rows, from + batch)), 10_000)) {
          const source = rowSource(
            'postgres',
            [
              ['series_id', 'bigint'],
              ['ts', 'bigint'],
              ['value', 'float8'],
            ],
            part.map((p) => [p.seriesId, p.ts, p.value]),
          );
          await sql`insert into readings (series_id, ts, value) ${source}`.execute(trx);
        }
      });
    }
    const readingsOnly = rows / ((performance.now() - t0) / 1000);

    log('pgstore: retention');
    t0 = performance.now();
    const dropped = await repository.maintainDayPartitions(today, 0, today);
    const dropMs = performance.now() - t0;
    t0 = performance.now();
    const deleted = await repository.deleteOlderThan('readings', today);
    const deleteS = (performance.now() - t0) / 1000;
    return {
      rows,
      batch,
      series,
      rows_per_s_with_rollups: round(withRollups),
      rows_per_s_readings_only: round(readingsOnly),
      day_partitions_dropped: dropped,
      day_drop_ms: round(dropMs, 1),
      rows_deleted_one_by_one: deleted,
      row_delete_rows_per_s: deleteS > 0 ? round(deleted / deleteS) : null,
    };
  } finally {
    await database.close();
    await postgres.drop();
  }
}
