import { afterEach, describe, expect, it } from 'vitest';
import { dialects } from './support/server';
import {
  DAY,
  MINUTE,
  NOW,
  countRows,
  openTelemetry,
  reading,
  type TelemetryFixture,
} from './telemetry-fixture';

const T0 = NOW - 30 * MINUTE; // 11:30:00, the start of a minute and within the hour 11:00

describe.each(dialects)('telemetry storage on $name', ({ name, skip }) => {
  let t: TelemetryFixture;
  afterEach(async () => {
    if (!skip) await t.close();
  });

  // On SQLite the service holds recent rollups in memory: write them before reading the tables.
  const written = () => t.telemetry.writeRollups();
  const minuteBuckets = async (from: number, to: number) => {
    await written();
    return t.repository.rollupPoints('1m', 1, from, to, 100);
  };

  it.skipIf(skip)('stores a duplicate once and counts it once in the rollups', async () => {
    t = await openTelemetry(name);
    const first = await t.telemetry.store([
      reading(T0, 20),
      reading(T0 + 1000, 22),
      reading(T0, 20), // the same reading twice in one message
    ]);
    expect(first).toEqual({ stored: 2, duplicates: 1 });
    // A retransmission (e.g. after a lost PUBACK), partly new, with a different value for T0.
    const again = await t.telemetry.store([reading(T0, 99), reading(T0 + 2000, 24)]);
    expect(again).toEqual({ stored: 1, duplicates: 1 });

    expect(await countRows(t.database, 'readings')).toBe(3);
    const [bucket] = await minuteBuckets(T0, T0 + MINUTE);
    expect(bucket).toMatchObject({ bucket: T0, count: 3, min: 20, max: 24, sum: 66, last: 24 });
    const [hour] = await t.repository.rollupPoints('1h', 1, T0, T0 + MINUTE, 10);
    expect(hour).toMatchObject({ count: 3, sum: 66 });
    // The first value stays; the event carried only what was new each time.
    const raw = await t.repository.rawPoints(1, T0, T0 + MINUTE, 10);
    expect(raw.map((r) => r.value)).toEqual([20, 22, 24]);
    expect(t.events.flat().map((r) => [r.ts - T0, r.value])).toEqual([
      [0, 20],
      [1000, 22],
      [2000, 24],
    ]);
  });

  it.skipIf(skip)(
    'puts late and out-of-order readings in the right buckets with the right aggregates',
    async () => {
      t = await openTelemetry(name);
      await t.telemetry.store([reading(T0 + 30_000, 10), reading(T0 + 50_000, 30)]);
      // Out of order inside one message, and late: older than what is already stored.
      await t.telemetry.store([reading(T0 + 40_000, 5), reading(T0 + 10_000, 50), reading(T0 - 1000, 7)]);
      await t.telemetry.store([reading(T0 + 20_000, 15)]);

      const buckets = await minuteBuckets(T0 - MINUTE, T0 + MINUTE);
      expect(buckets).toEqual([
        { bucket: T0 - MINUTE, min: 7, max: 7, sum: 7, count: 1, last: 7 },
        // `last` is the value at the newest timestamp (T0+50 s), not the last to arrive.
        { bucket: T0, min: 5, max: 50, sum: 110, count: 5, last: 30 },
      ]);
      const [hour] = await t.repository.rollupPoints('1h', 1, T0, T0 + MINUTE, 10);
      expect(hour).toEqual({ bucket: NOW - 60 * MINUTE, min: 5, max: 50, sum: 117, count: 6, last: 30 });

      const history = await t.telemetry.history(
        'PUMP_1',
        { name: 'temperature', unit: '°C' },
        { metric: 'temperature', from: new Date(T0 - MINUTE).toISOString(), step: '1m', limit: 100 },
      );
      expect(history.points[1]).toEqual({
        ts: new Date(T0).toISOString(),
        value: 22,
        mean: 22,
        min: 5,
        max: 50,
        count: 5,
      });
      const raw = await t.repository.rawPoints(1, T0 - MINUTE, T0 + MINUTE, 100);
      expect(raw.map((r) => r.ts - T0)).toEqual([-1000, 10_000, 20_000, 30_000, 40_000, 50_000]);
    },
  );

  it.skipIf(skip)('acknowledges only once the readings are readable from another connection', async () => {
    // A long delay and no flush: the writer holds the readings, so nothing is acknowledged yet.
    t = await openTelemetry(name, { writer: { maxDelayMs: 60_000 } });
    const other = await t.freshConnection();
    let acknowledged = false;
    const storing = t.telemetry.store([reading(T0, 1), reading(T0 + 1000, 2)]).then((outcome) => {
      acknowledged = true;
      return outcome;
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(acknowledged).toBe(false);
    expect(await countRows(other, 'readings')).toBe(0);

    await t.telemetry.flush();
    expect(await storing).toEqual({ stored: 2, duplicates: 0 });
    expect(await countRows(other, 'readings')).toBe(2);
    expect(await countRows(other, 'rollups_1m')).toBe(1);
    expect(await countRows(other, 'rollups_1h')).toBe(1);
  });

  it.skipIf(skip)('emits telemetry.stored only after the commit', async () => {
    t = await openTelemetry(name);
    const other = await t.freshConnection();
    const seenByOthers: number[] = [];
    t.bus.on('telemetry.stored', async () => {
      seenByOthers.push(await countRows(other, 'readings'));
    });
    await t.telemetry.store([reading(T0, 1), reading(T0 + 1000, 2), reading(T0 + 1000, 2)]);
    await t.telemetry.flush();
    expect(seenByOthers).toEqual([2]);
    await t.telemetry.store([reading(T0, 1)]); // nothing new: no event
    expect(t.events).toHaveLength(1);
  });

  it.skipIf(skip)(
    'rejects the callers of a failed commit, stores none of it, and keeps working',
    async () => {
      t = await openTelemetry(name);
      await t.telemetry.store([reading(T0 - MINUTE, 1)]);
      // Break the last statement of the transaction: the readings inserted before it must go too.
      const last = name === 'sqlite' ? 'rollup_pending' : 'rollups_1h';
      await t.db.schema.alterTable(last).renameTo('broken_away').execute();
      const failed = await Promise.allSettled([
        t.telemetry.store([reading(T0, 10)]),
        t.telemetry.store([reading(T0 + 1000, 11, 'PUMP_2')]),
      ]);
      expect(failed.map((f) => f.status)).toEqual(['rejected', 'rejected']);
      expect(failed[0]).toMatchObject({ reason: { code: 'unavailable' } });
      expect(await countRows(await t.freshConnection(), 'readings')).toBe(1);
      expect(t.events).toHaveLength(1);

      await t.db.schema.alterTable('broken_away').renameTo(last).execute();
      // The retried readings are new, not duplicates: nothing of the failed batch was kept.
      expect(await t.telemetry.store([reading(T0, 10), reading(T0 + 1000, 11, 'PUMP_2')])).toEqual({
        stored: 2,
        duplicates: 0,
      });
      expect((await minuteBuckets(T0, T0 + MINUTE))[0]).toMatchObject({ count: 1, sum: 10 });
    },
  );

  it.skipIf(skip)('refuses with unavailable when too many readings wait to be written', async () => {
    t = await openTelemetry(name, { writer: { maxDelayMs: 60_000, maxQueuedRows: 10 } });
    const waiting = t.telemetry.store(Array.from({ length: 8 }, (_, i) => reading(T0 + i * 1000, i)));
    await new Promise((resolve) => setTimeout(resolve, 10));
    await expect(
      t.telemetry.store(Array.from({ length: 5 }, (_, i) => reading(T0 + i * 1000, i, 'PUMP_2'))),
    ).rejects.toMatchObject({ code: 'unavailable' });
    await t.telemetry.flush();
    await expect(waiting).resolves.toEqual({ stored: 8, duplicates: 0 });
  });

  it.skipIf(skip)('refuses an unknown device and a non-finite value without harming the batch', async () => {
    t = await openTelemetry(name);
    await expect(t.telemetry.store([reading(T0, 1, 'NO_SUCH_DEVICE')])).rejects.toMatchObject({
      code: 'not_found',
    });
    await expect(t.telemetry.store([reading(T0, Number.NaN)])).rejects.toMatchObject({ code: 'bad_request' });
    expect(await t.telemetry.store([reading(T0, 1)])).toEqual({ stored: 1, duplicates: 0 });
  });

  it.skipIf(skip)(
    'retention removes old raw readings and keeps the rollups for their own periods',
    async () => {
      t = await openTelemetry(name, { rawDays: 7 });
      const old = [NOW - 100 * DAY, NOW - 10 * DAY, NOW - 8 * DAY];
      await t.telemetry.store([
        ...old.map((ts) => reading(ts, 5)),
        reading(NOW - DAY, 6),
        reading(NOW - 1000, 7),
      ]);

      expect(await t.telemetry.applyRetention()).toEqual({ raw: 3, rawDaysDropped: 0, minute: 1, hour: 0 });
      const raw = await t.repository.rawPoints(1, 0, NOW, 100);
      expect(raw.map((r) => r.ts)).toEqual([NOW - DAY, NOW - 1000]);
      // The 10- and 8-day-old readings still show in the 1-minute tier, the 100-day-old one in 1 h.
      await written();
      const minutes = await t.repository.rollupPoints('1m', 1, 0, NOW, 100);
      expect(minutes.map((m) => m.bucket)).toEqual([NOW - 10 * DAY, NOW - 8 * DAY, NOW - DAY, NOW - MINUTE]);
      const hours = await t.repository.rollupPoints('1h', 1, 0, NOW, 100);
      expect(hours).toHaveLength(5);
      expect(await t.telemetry.applyRetention()).toEqual({ raw: 0, rawDaysDropped: 0, minute: 0, hour: 0 });
    },
  );

  it.skipIf(skip)('deletes a long history past retention in several chunks', async () => {
    t = await openTelemetry(name, { rawDays: 7 });
    const start = NOW - 10 * DAY;
    const old = Array.from({ length: 12_345 }, (_, i) => reading(start + i * 1000, i));
    for (let i = 0; i < old.length; i += 5_000) await t.telemetry.store(old.slice(i, i + 5_000));
    await t.telemetry.store([reading(NOW - 1000, 1), reading(NOW - 2000, 2, 'PUMP_2')]);

    expect((await t.telemetry.applyRetention()).raw).toBe(12_345);
    expect(await countRows(t.database, 'readings')).toBe(2);
    await written();
    expect(await countRows(t.database, 'rollups_1m')).toBe(Math.ceil(12_345 / 60) + 2);
  });

  it.skipIf(skip)('deleting a device removes its series and its history, and nothing else', async () => {
    t = await openTelemetry(name);
    await t.telemetry.store([reading(T0, 1), reading(T0, 2, 'PUMP_1', 'humidity'), reading(T0, 3, 'PUMP_2')]);
    // As the devices module does it: delete the row (series cascade), then announce it.
    await t.db.deleteFrom('devices').where('id', '=', 'PUMP_1').execute();
    const series = await t.db.selectFrom('series').select('device_id').execute();
    expect(series.map((s) => s.device_id)).toEqual(['PUMP_2']);

    await t.telemetry.forgetDevice('PUMP_1');
    const left = await t.db.selectFrom('readings').select(['value']).execute();
    expect(left.map((r) => r.value)).toEqual([3]);
    // Rollups still in memory for the deleted series are not written back.
    await written();
    expect(await countRows(t.database, 'rollups_1m')).toBe(1);
    expect(await countRows(t.database, 'rollups_1h')).toBe(1);
    // The id is not served from a stale cache: the device is unknown now.
    await expect(t.telemetry.store([reading(T0 + 1000, 1)])).rejects.toMatchObject({ code: 'not_found' });
  });
});
