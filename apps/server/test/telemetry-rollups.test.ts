import { afterEach, describe, expect, it } from 'vitest';
import { dialects } from './support/server';
import {
  HOUR,
  MINUTE,
  NOW,
  countRows,
  openTelemetry,
  reading,
  type TelemetryFixture,
} from './telemetry-fixture';

const T0 = NOW - 30 * MINUTE; // 11:30:00

const sqlite = dialects.find((d) => d.name === 'sqlite')!;

const pendingMinutes = async (t: TelemetryFixture) =>
  (await t.db.selectFrom('rollup_pending').select('bucket').orderBy('bucket').execute()).map((r) =>
    Number(r.bucket),
  );

describe('rollups held in memory (SQLite)', () => {
  let t: TelemetryFixture;
  afterEach(async () => {
    await t.close();
  });

  it('leaves the rollup tables alone while storing, and still answers history exactly', async () => {
    t = await openTelemetry(sqlite.name);
    await t.telemetry.store([reading(T0, 20), reading(T0 + 1000, 22)]);
    await t.telemetry.store([reading(T0 + 2000, 24), reading(T0 + MINUTE, 30)]);
    expect(await countRows(t.database, 'rollups_1m')).toBe(0);
    expect(await countRows(t.database, 'rollups_1h')).toBe(0);
    expect(await pendingMinutes(t)).toEqual([T0, T0 + MINUTE]);

    const series = await t.telemetry.history(
      'PUMP_1',
      { name: 'temperature', unit: '°C' },
      {
        metric: 'temperature',
        from: new Date(T0).toISOString(),
        to: new Date(T0 + 2 * MINUTE).toISOString(),
        step: '1m',
        limit: 100,
      },
    );
    expect(series.points).toMatchObject([
      { count: 3, min: 20, max: 24, mean: 22 },
      { count: 1, min: 30, max: 30 },
    ]);
    expect(await countRows(t.database, 'rollups_1m')).toBe(2);
    expect(await pendingMinutes(t)).toEqual([]); // nothing else was waiting
  });

  it('rolls up a reading older than the last hour at once', async () => {
    t = await openTelemetry(sqlite.name);
    await t.telemetry.store([reading(NOW - 3 * HOUR, 5)]);
    expect(await countRows(t.database, 'rollups_1m')).toBe(1);
    expect(await pendingMinutes(t)).toEqual([]);
  });

  it('writes what it holds when it closes', async () => {
    t = await openTelemetry(sqlite.name);
    await t.telemetry.store([reading(T0, 1), reading(T0, 2, 'PUMP_2')]);
    await t.telemetry.close();
    const other = await t.freshConnection();
    expect(await countRows(other, 'rollups_1m')).toBe(2);
    expect(await countRows(other, 'rollups_1h')).toBe(2);
  });

  it('keeps what a failed rollup write held and writes it the next time', async () => {
    t = await openTelemetry(sqlite.name);
    await t.telemetry.store([reading(T0, 10)]);
    await t.db.schema.alterTable('rollups_1m').renameTo('rollups_1m_away').execute();
    await expect(t.telemetry.writeRollups()).rejects.toThrow();
    await t.db.schema.alterTable('rollups_1m_away').renameTo('rollups_1m').execute();
    await t.telemetry.store([reading(T0 + 1000, 20)]);
    await t.telemetry.writeRollups();
    const [minute] = await t.repository.rollupPoints('1m', 1, T0, T0 + MINUTE, 10);
    expect(minute).toMatchObject({ count: 2, sum: 30, last: 20 });
    const [hour] = await t.repository.rollupPoints('1h', 1, T0, T0 + MINUTE, 10);
    expect(hour).toMatchObject({ count: 2, sum: 30 });
  });
});

describe.each(dialects)('rebuilding rollups after a crash on $name', ({ name, skip }) => {
  let t: TelemetryFixture;
  afterEach(async () => {
    if (!skip) await t.close();
  });

  /** The repository alone, with series 1 (PUMP_1) and 2 (PUMP_2). */
  async function open() {
    t = await openTelemetry(name, { deferRollups: false });
    const ids = await t.repository.resolveSeries(
      ['PUMP_1', 'PUMP_2'].map((deviceId) => ({ deviceId, metric: 'temperature' })),
    );
    expect([...ids.values()].sort()).toEqual([1, 2]);
  }

  it.skipIf(skip)(
    'rebuilds the pending minutes from the raw readings and their hours from the minutes',
    async () => {
      await open();
      const hourStart = NOW - HOUR;
      // Earlier in the hour: stored with its rollups.
      await t.repository.writeBatch([{ seriesId: 1, ts: hourStart + MINUTE, value: 100 }]);
      // Then readings whose rollups were still in memory when the process died.
      const deferred = [
        { seriesId: 1, ts: T0, value: 1 },
        { seriesId: 1, ts: T0 + 1000, value: 7 },
        { seriesId: 1, ts: T0 + MINUTE + 5, value: 3 },
        { seriesId: 2, ts: T0 + 10, value: 50 },
      ];
      expect(await t.repository.writeBatch(deferred, 0)).toEqual([true, true, true, true]);
      expect(await pendingMinutes(t)).toEqual([T0, T0 + MINUTE]);
      expect(await countRows(t.database, 'rollups_1m')).toBe(1);

      expect(await t.repository.rebuildPendingRollups()).toBe(2);
      expect(await t.repository.rollupPoints('1m', 1, hourStart, NOW, 10)).toEqual([
        { bucket: hourStart + MINUTE, min: 100, max: 100, sum: 100, count: 1, last: 100 },
        { bucket: T0, min: 1, max: 7, sum: 8, count: 2, last: 7 },
        { bucket: T0 + MINUTE, min: 3, max: 3, sum: 3, count: 1, last: 3 },
      ]);
      expect(await t.repository.rollupPoints('1h', 1, hourStart, NOW, 10)).toEqual([
        { bucket: hourStart, min: 1, max: 100, sum: 111, count: 4, last: 3 },
      ]);
      expect(await t.repository.rollupPoints('1h', 2, hourStart, NOW, 10)).toMatchObject([
        { count: 1, last: 50 },
      ]);
      expect(await pendingMinutes(t)).toEqual([]);
      expect(await t.repository.rebuildPendingRollups()).toBe(0);
    },
  );

  it.skipIf(skip)(
    'rebuilds a minute that already had some of its rollups without counting them twice',
    async () => {
      await open();
      await t.repository.writeBatch([{ seriesId: 1, ts: T0, value: 4 }]);
      await t.repository.writeBatch([{ seriesId: 1, ts: T0 + 1000, value: 6 }], 0);
      await t.repository.rebuildPendingRollups();
      expect(await t.repository.rollupPoints('1m', 1, T0, T0 + MINUTE, 10)).toMatchObject([
        { count: 2, sum: 10, min: 4, max: 6, last: 6 },
      ]);
      expect(await t.repository.rollupPoints('1h', 1, T0, T0 + MINUTE, 10)).toMatchObject([
        { count: 2, sum: 10 },
      ]);
    },
  );
});
