import { describe, expect, it } from 'vitest';
import { fakeClock } from '../../lib/clock';
import type { DomainEvents, Reading } from '../../lib/domain-events';
import { createEventBus } from '../../lib/event-bus';
import { createLogger } from '../../lib/logger';
import type { Schedule } from './telemetry-writer';
import { seriesKey } from './telemetry-rows';
import type { TelemetryStorage } from './telemetry-storage';
import { chooseStep, createTelemetryService, sumDays } from './telemetry.service';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const now = Date.UTC(2026, 2, 10, 12);

describe('choosing the tier of a history query', () => {
  const choose = (from: number, to: number, rawCount = 100, limit = 5000) =>
    chooseStep({ from, to, now, limit, rawDays: 7, countRaw: async () => rawCount });

  it('goes from raw to minutes to hours as the range grows', async () => {
    expect(await choose(now - HOUR, now)).toBe('raw');
    expect(await choose(now - 6 * HOUR, now)).toBe('raw');
    expect(await choose(now - 6 * HOUR - 1, now)).toBe('1m');
    expect(await choose(now - 2 * DAY, now)).toBe('1m');
    expect(await choose(now - 30 * DAY, now)).toBe('1h');
    expect(await choose(now - 200 * DAY, now)).toBe('1h');
    expect(await choose(now - 209 * DAY, now)).toBe('1d'); // 5,016 hours: more than the limit
    expect(await choose(now - 5 * 365 * DAY, now)).toBe('1d');
  });

  it('sums hours into UTC days: min of mins, max of maxes, sums and counts added, last of the last hour', () => {
    const hour = (h: number, min: number, max: number, sum: number, count: number, last: number) => ({
      bucket: now - (now % DAY) + h * HOUR,
      min,
      max,
      sum,
      count,
      last,
    });
    const dayStart = now - (now % DAY);
    expect(
      sumDays([
        hour(0, 1, 5, 30, 10, 4),
        hour(23, 0, 9, 20, 5, 2),
        hour(24, 3, 3, 6, 2, 3),
        hour(49, 7, 8, 15, 2, 8),
      ]),
    ).toEqual([
      { bucket: dayStart, min: 0, max: 9, sum: 50, count: 15, last: 2 },
      { bucket: dayStart + DAY, min: 3, max: 3, sum: 6, count: 2, last: 3 },
      { bucket: dayStart + 2 * DAY, min: 7, max: 8, sum: 15, count: 2, last: 8 },
    ]);
  });

  it('skips raw for a device that reports faster than the point budget allows', async () => {
    expect(await choose(now - HOUR, now, 3600, 1000)).toBe('1m');
  });

  it('skips a tier whose retention no longer covers the start of the range', async () => {
    expect(await choose(now - 8 * DAY - HOUR, now - 8 * DAY)).toBe('1m'); // raw kept 7 days
    expect(await choose(now - 91 * DAY - HOUR, now - 91 * DAY)).toBe('1h'); // minutes kept 90 days
  });
});

describe('telemetry service', () => {
  function setup() {
    const resolveCalls: string[][] = [];
    const written: Reading[][] = [];
    const storage = {
      resolveSeries: async (pairs: Array<{ deviceId: string; metric: string }>) => {
        resolveCalls.push(pairs.map((p) => `${p.deviceId}/${p.metric}`));
        await new Promise((resolve) => setImmediate(resolve));
        return new Map(pairs.map((p, i) => [seriesKey(p.deviceId, p.metric), i + 1]));
      },
      writeBatch: async (rows: Reading[]) => {
        written.push(rows);
        return rows.map(() => true);
      },
    } as unknown as TelemetryStorage;
    const schedule: Schedule = () => () => {}; // never fires: full batches (1 row) are written at once
    const telemetry = createTelemetryService({
      storage,
      bus: createEventBus<DomainEvents>(() => {}),
      clock: fakeClock(now),
      logger: createLogger({ level: 'silent' }),
      retention: { rawDays: 7 },
      writer: { schedule, maxBatchRows: 1 },
    });
    return { telemetry, resolveCalls, written };
  }

  it('looks a new series up once when a fleet of messages for it arrives at once', async () => {
    const { telemetry, resolveCalls, written } = setup();
    const message = (ts: number): Reading[] => [
      { deviceId: 'P1', metric: 'flow', ts, value: 1 },
      { deviceId: 'P1', metric: 'power', ts, value: 2 },
    ];
    await Promise.all(Array.from({ length: 50 }, (_, i) => telemetry.store(message(now + i))));
    expect(resolveCalls).toEqual([['P1/flow', 'P1/power']]);
    expect(written.flat()).toHaveLength(100);

    await telemetry.store(message(now + 100));
    expect(resolveCalls).toHaveLength(1); // cached from now on
  });
});
