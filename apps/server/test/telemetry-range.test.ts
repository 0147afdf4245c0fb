import { afterEach, describe, expect, it } from 'vitest';
import type { RangePage } from '../src/modules/telemetry/telemetry-range';
import type { ReadTier } from '../src/modules/telemetry/telemetry-rows';
import { dialects } from './support/server';
import { MINUTE, NOW, openTelemetry, reading, type TelemetryFixture } from './telemetry-fixture';

const T0 = NOW - 30 * MINUTE; // 11:30:00

describe.each(dialects)('reading a range of telemetry on $name', ({ name, skip }) => {
  let t: TelemetryFixture;
  afterEach(async () => {
    if (!skip) await t.close();
  });

  /** Readings every 20 s for 5 minutes from T0 for PUMP_1 (temperature, humidity) and PUMP_2. */
  async function seed() {
    t = await openTelemetry(name);
    const every20s = (value: (i: number) => number, deviceId: string, metric: string) =>
      Array.from({ length: 15 }, (_, i) => reading(T0 + i * 20_000, value(i), deviceId, metric));
    await t.telemetry.store([
      ...every20s((i) => i, 'PUMP_2', 'temperature'),
      ...every20s((i) => 100 + i, 'PUMP_1', 'temperature'),
      ...every20s(() => 50, 'PUMP_1', 'humidity'),
    ]);
  }

  async function read<T extends ReadTier>(
    tier: T,
    from: number,
    to: number,
    filter: { deviceIds?: string[]; metrics?: string[] } = {},
  ) {
    const range = await t.telemetry.readRange({ tier, from, to, pageSize: 2, ...filter });
    const pages: Array<RangePage<T>> = [];
    for await (const page of range.pages()) pages.push(page);
    return { total: range.total, pages };
  }

  it.skipIf(skip)('pages raw readings series by series, by device then metric, none twice', async () => {
    await seed();
    const { total, pages } = await read('raw', T0 + 10_000, T0 + 2 * MINUTE);
    expect(total).toBe(3 * 5);
    expect(pages.every((p) => p.points.length <= 2)).toBe(true);
    const rows = pages.flatMap((p) => p.points.map((r) => [p.deviceId, p.metric, r.ts - T0, r.value]));
    expect(rows).toEqual([
      ...[20_000, 40_000, 60_000, 80_000, 100_000].map((ms) => ['PUMP_1', 'humidity', ms, 50]),
      ...[1, 2, 3, 4, 5].map((i) => ['PUMP_1', 'temperature', i * 20_000, 100 + i]),
      ...[1, 2, 3, 4, 5].map((i) => ['PUMP_2', 'temperature', i * 20_000, i]),
    ]);
  });

  it.skipIf(skip)(
    'pages rollups from the bucket holding the start, with every acknowledged reading counted',
    async () => {
      await seed();
      // No flush: on SQLite the newest rollups are still held in memory when the range is read.
      const { total, pages } = await read('1m', T0 + 30_000, T0 + 5 * MINUTE, {
        deviceIds: ['PUMP_1'],
        metrics: ['temperature'],
      });
      expect(total).toBe(5);
      expect(pages.map((p) => p.points.length)).toEqual([2, 2, 1]);
      const buckets = pages.flatMap((p) => p.points);
      expect(buckets.map((b) => [b.bucket - T0, b.count, b.min, b.max, b.last])).toEqual([
        [0, 3, 100, 102, 102],
        [MINUTE, 3, 103, 105, 105],
        [2 * MINUTE, 3, 106, 108, 108],
        [3 * MINUTE, 3, 109, 111, 111],
        [4 * MINUTE, 3, 112, 114, 114],
      ]);
      expect(new Set(pages.map((p) => `${p.deviceId}/${p.metric}`))).toEqual(new Set(['PUMP_1/temperature']));
    },
  );

  it.skipIf(skip)('finds nothing for a device without telemetry', async () => {
    await seed();
    const { total, pages } = await read('1h', 0, NOW, { deviceIds: ['NO_SUCH_DEVICE'] });
    expect(total).toBe(0);
    expect(pages).toEqual([]);
  });
});
