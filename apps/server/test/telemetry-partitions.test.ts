import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql, type Kysely } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { migrateToLatest, migrateUpTo } from '../src/db/migrate';
import {
  dayStart,
  ensureDayPartitions,
  listDayPartitions,
  partitionName,
} from '../src/db/reading-partitions';
import {
  DAY,
  HOUR,
  NOW,
  countRows,
  openTelemetry,
  reading,
  type TelemetryFixture,
} from './telemetry-fixture';
import { dialects, openTestDatabase } from './support/server';

const postgres = dialects.find((d) => d.name === 'postgres')!;

/** Which partition holds each stored reading's timestamp. */
async function whereStored<DB>(db: Kysely<DB>): Promise<Record<number, string>> {
  const { rows } = await sql<{ ts: string; part: string }>`
    select ts, tableoid::regclass::text as part from readings order by ts
  `.execute(db);
  return Object.fromEntries(rows.map((r) => [Number(r.ts), r.part]));
}

const dayName = (ts: number) => partitionName(dayStart(ts));

describe.skipIf(postgres.skip)('raw readings in day partitions (PostgreSQL)', () => {
  let t: TelemetryFixture | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  it("stores each reading in its day's partition once the retention task has made it", async () => {
    t = await openTelemetry('postgres');
    await t.telemetry.applyRetention(); // makes yesterday to two days ahead, as every hour
    const days = await listDayPartitions(t.db);
    expect(days).toEqual(expect.arrayContaining([0, 1, 2, 3].map((d) => dayStart(NOW) + (d - 1) * DAY)));

    await t.telemetry.store([reading(NOW - 1000, 1), reading(NOW - DAY, 2), reading(NOW + HOUR, 3)]);
    expect(await whereStored(t.db)).toEqual({
      [NOW - DAY]: dayName(NOW - DAY),
      [NOW - 1000]: dayName(NOW),
      [NOW + HOUR]: dayName(NOW),
    });
  });

  it('keeps a reading of a day without a partition, and moves it when that day gets one', async () => {
    t = await openTelemetry('postgres');
    const old = NOW - 20 * DAY;
    expect(await t.telemetry.store([reading(old, 1), reading(old + 1000, 2)])).toEqual({
      stored: 2,
      duplicates: 0,
    });
    expect(Object.values(await whereStored(t.db))).toEqual(['readings_default', 'readings_default']);

    expect(await ensureDayPartitions(t.db, old, old)).toBe(1);
    expect(await whereStored(t.db)).toEqual({ [old]: dayName(old), [old + 1000]: dayName(old) });
    // Moved, not copied: the same reading again is a duplicate and the history holds it once.
    expect(await t.telemetry.store([reading(old, 1)])).toEqual({ stored: 0, duplicates: 1 });
    expect(await countRows(t.database, 'readings')).toBe(2);
    expect(await ensureDayPartitions(t.db, old, old)).toBe(0);
  });

  it('retention drops the days wholly past it and deletes the rest row by row', async () => {
    t = await openTelemetry('postgres', { rawDays: 2 });
    await ensureDayPartitions(t.db, NOW - 5 * DAY, NOW);
    const cutoff = NOW - 2 * DAY;
    const old = [NOW - 5 * DAY, NOW - 4 * DAY, NOW - 3 * DAY, cutoff - HOUR];
    await t.telemetry.store([
      ...old.map((ts, i) => reading(ts, i)),
      reading(cutoff + HOUR, 8),
      reading(NOW, 9),
    ]);

    const result = await t.telemetry.applyRetention();
    // The three days before the cutoff's day go whole; the cutoff's own day loses one reading.
    expect(result).toMatchObject({ rawDaysDropped: 3, raw: 1 });
    const days = await listDayPartitions(t.db);
    expect(days[0]).toBe(dayStart(cutoff));
    expect(Object.keys(await whereStored(t.db)).map(Number)).toEqual([cutoff + HOUR, NOW]);
    // The rollups of the dropped days stay for their own retention.
    const minutes = await t.repository.rollupPoints('1m', 1, 0, NOW + 1, 100);
    expect(minutes).toHaveLength(6);
  });
});

describe.skipIf(postgres.skip)('migration 018 (reading partitions)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dtwin-m018-'));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('moves every existing reading into the partitioned table, old ones into the default', async () => {
    const database = await openTestDatabase('postgres', dir);
    try {
      await migrateUpTo(database, '013-schedules-comments');
      const now = Date.now();
      const rows = [
        { series_id: 1, ts: now - 2 * DAY, value: 1 },
        { series_id: 1, ts: now - 1000, value: 2 },
        { series_id: 2, ts: now - 1000, value: 3 },
        { series_id: 1, ts: now - 600 * DAY, value: 4 },
      ];
      const raw = database.db as unknown as Kysely<Record<string, object>>;
      await raw.insertInto('readings').values(rows).execute();

      await migrateToLatest(database);
      const stored = await sql<{ series_id: string; ts: string; value: number; part: string }>`
        select series_id, ts, value, tableoid::regclass::text as part from readings order by value
      `.execute(database.db);
      expect(stored.rows.map((r) => [Number(r.series_id), Number(r.ts), r.value, r.part])).toEqual([
        [1, now - 2 * DAY, 1, dayName(now - 2 * DAY)],
        [1, now - 1000, 2, dayName(now)],
        [2, now - 1000, 3, dayName(now)],
        [1, now - 600 * DAY, 4, 'readings_default'],
      ]);
      // The days ahead exist already, and the key still refuses a second copy of a reading.
      expect(await listDayPartitions(database.db)).toContain(dayStart(now + 2 * DAY));
      await expect(raw.insertInto('readings').values(rows[1]!).execute()).rejects.toThrow(/duplicate key/);
    } finally {
      await database.close();
      await database.drop();
    }
  });
});
