import type { DevicePatterns } from '@dtwin/contracts/patterns';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Reading } from '../src/lib/domain-events';
import { createRng } from '../tools/simulator/prng';
import { HOUR, MINUTE, tokens, TUESDAY } from './predictions-fixture';
import { registerDevice } from './support/fleet';
import { ADMIN, dialects, startTestServer, type TestServer } from './support/server';

const DAY = 24 * HOUR;
const START = TUESDAY - 3 * DAY; // Saturday midnight UTC
const STEP_CHANGE = START + 3 * DAY + 6 * HOUR;
const END = START + 4 * DAY;

/**
 * A pump over four days, a reading a minute: power follows a daily load cycle peaking at 14:30
 * UTC, current follows power, bearing temperature steps up by 6 °C on the last morning, discharge
 * pressure creeps up half a bar a day, flow is noise around its setpoint.
 */
const rng = createRng(42);

function readings(from: number, to: number, start = START): Reading[] {
  const out: Reading[] = [];
  for (let t = from; t < to; t += MINUTE) {
    const hour = (t % DAY) / HOUR;
    const power = 17 + 5 * Math.cos((2 * Math.PI * (hour - 14.5)) / 24) + 0.4 * (rng.next() - 0.5);
    const add = (metric: string, value: number) => out.push({ deviceId: 'PUMP', metric, ts: t, value });
    add('power', power);
    add('motor_current', 8 + 1.2 * power + 0.5 * (rng.next() - 0.5));
    add('bearing_temperature', 45 + (t >= STEP_CHANGE ? 6 : 0) + 0.5 * (rng.next() - 0.5));
    add('flow', 60 + 2 * (rng.next() - 0.5));
    add('discharge_pressure', 5 + (0.5 * (t - start)) / DAY + 0.2 * (rng.next() - 0.5));
  }
  return out;
}

describe.each(dialects)('patterns on $name', ({ name, skip }) => {
  let server: TestServer;
  let patterns: DevicePatterns;
  const metric = (m: string) => patterns.metrics.find((x) => x.metric === m);

  beforeAll(async () => {
    if (skip) return;
    server = await startTestServer(name);
    server.clock.set(START - HOUR);
    const admin = tokens(server, ADMIN.username, ADMIN.password);
    await registerDevice(server, await admin(), { id: 'PUMP', model: 'centrifugal_pump' });
    for (let day = START; day < END; day += DAY)
      await server.container.telemetry.store(readings(day, day + DAY));
    await server.container.telemetry.flush();
    server.clock.set(END);
    const res = await server.inject({
      method: 'GET',
      url: '/api/devices/PUMP/patterns',
      token: await admin(),
    });
    expect(res.statusCode, res.body).toBe(200);
    patterns = res.json() as DevicePatterns;
  }, 60_000);
  afterAll(async () => {
    if (!skip) await server.close();
  });

  it.skipIf(skip)('finds the daily cycle of power and its peak hour, and none in flow', () => {
    expect(metric('power')?.seasonality.daily).toBeGreaterThan(0.9);
    expect(metric('power')?.seasonality.peak_hour_utc).toBe(14);
    expect(metric('power')?.seasonality.weekly).toBeNull(); // four days are not two weeks
    expect(metric('flow')?.seasonality.daily).toBeLessThan(0.2);
    expect(metric('power')?.hours).toBe(96);
  });

  it.skipIf(skip)('correlates current with power, strongly', () => {
    const pair = patterns.correlations.find((c) => [c.a, c.b].sort().join() === 'motor_current,power');
    expect(pair?.r).toBeGreaterThan(0.95);
    expect(pair?.strength).toBe('strong');
    expect(pair?.n).toBe(24 * 60);
    expect(patterns.correlations[0]).toEqual(pair);
  });

  it.skipIf(skip)('finds the step in bearing temperature when it happened, and the creeping pressure', () => {
    const steps = metric('bearing_temperature')?.change_points ?? [];
    expect(steps).toHaveLength(1);
    expect(Math.abs(Date.parse(steps[0]?.at ?? '') - STEP_CHANGE)).toBeLessThanOrEqual(HOUR);
    expect(steps[0]?.after).toBeCloseTo(steps[0]!.before + 6, 0);
    expect(metric('bearing_temperature')?.trend.slope_per_day).toBeGreaterThan(0);
    expect(metric('discharge_pressure')?.trend).toMatchObject({
      direction: 'rising',
      slope_per_day: expect.closeTo(0.5, 1) as number,
    });
    expect(metric('discharge_pressure')?.change_points).toEqual([]);
    expect(metric('flow')?.change_points).toEqual([]);
    expect(metric('flow')?.trend.direction).toBe('flat');
  });

  it.skipIf(skip)('answers for metrics without data with empty patterns', () => {
    expect(metric('vibration')).toMatchObject({
      hours: 0,
      trend: { slope_per_day: null, direction: 'flat' },
      seasonality: { daily: null },
      change_points: [],
    });
  });
});
