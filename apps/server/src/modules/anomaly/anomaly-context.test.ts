import type { Twin } from '@dtwin/contracts/twin';
import { describe, expect, it } from 'vitest';
import { createRandom } from '../../../tools/anomaly-eval/synthetic';
import type { Reading } from '../../lib/domain-events';
import { createTwinContext, GAP_MS, REBASELINE_MS } from './anomaly-context';
import { createAnomalyScoring } from './anomaly-scoring';

const twin = (properties: Record<string, number>): Twin => ({
  device_id: 'PUMP_1',
  reported: { metrics: {}, properties },
  desired: {},
  delta: {},
  version: 1,
  connectivity: 'online',
  condition: 'normal',
  last_seen: null,
});

describe('twin context', () => {
  it('names the properties a desired state changes, and those the device then reports changed', () => {
    const context = createTwinContext();
    expect(context.changed(twin({ speed_setpoint_rpm: 2900, sample_interval_s: 5 }))).toBeUndefined();
    expect(context.desired('PUMP_1', { speed_setpoint_rpm: 2500, sample_interval_s: 5 })).toBe(
      'speed_setpoint_rpm 2900 → 2500',
    );
    // Telemetry changes the twin too, but not its properties: nothing to say.
    expect(context.changed(twin({ speed_setpoint_rpm: 2900, sample_interval_s: 5 }))).toBeUndefined();
    expect(context.changed(twin({ speed_setpoint_rpm: 2500, sample_interval_s: 5 }))).toBe(
      'speed_setpoint_rpm 2900 → 2500',
    );
    expect(context.maintenance(true)).toBe('maintenance mode entered');
  });

  it('remembers a bounded number of devices', () => {
    const context = createTwinContext({ maxDevices: 1 });
    context.changed(twin({ speed_setpoint_rpm: 2900 }));
    context.changed({ ...twin({ speed_setpoint_rpm: 1000 }), device_id: 'PUMP_2' });
    expect(context.desired('PUMP_1', { speed_setpoint_rpm: 2500 })).toBe('speed_setpoint_rpm ? → 2500');
  });
});

describe('re-baselining in anomaly scoring', () => {
  const rnd = createRandom(3);
  const T0 = 1_700_000_000_000;
  const rows = (from: number, count: number, level: number, stepMs = 5000): Reading[][] =>
    Array.from({ length: count }, (_, i) =>
      ['flow', 'power'].map((metric) => ({
        deviceId: 'PUMP_1',
        metric,
        ts: from + i * stepMs,
        value: (metric === 'flow' ? level : level / 4) * (1 + 0.005 * rnd.normal()),
      })),
    );
  const make = () =>
    createAnomalyScoring({
      metricsOf: async () => ['flow', 'power'],
      baselineOf: async () => undefined,
    });
  async function scoreAll(scoring: ReturnType<typeof make>, batches: Reading[][]) {
    const out: number[] = [];
    for (const batch of batches) for (const s of await scoring.score(batch)) out.push(s.score);
    return out;
  }

  it('takes a commanded new level as normal, and still flags a change after the period', async () => {
    const scoring = make();
    await scoreAll(scoring, rows(T0, 400, 60));
    const changeAt = T0 + 400 * 5000;
    scoring.rebaseline('PUMP_1', 'speed_setpoint_rpm 2900 → 2500', changeAt);
    const during = await scoreAll(scoring, rows(changeAt, 60, 50));
    const after = await scoreAll(scoring, rows(changeAt + 60 * 5000, 100, 50));
    expect(Math.max(...during, ...after)).toBeLessThan(0.5);
    expect(scoring.contextOf('PUMP_1')).toEqual({
      reason: 'speed_setpoint_rpm 2900 → 2500',
      atMs: changeAt,
      untilMs: changeAt + REBASELINE_MS,
    });
    const fault = await scoreAll(scoring, rows(changeAt + 160 * 5000, 20, 40));
    expect(Math.max(...fault)).toBeGreaterThan(0.8);
  });

  it('re-baselines on readings after a silence (a restart or a reconnection)', async () => {
    const scoring = make();
    await scoreAll(scoring, rows(T0, 400, 60));
    const back = T0 + 400 * 5000 + GAP_MS + 60_000;
    const scores = await scoreAll(scoring, rows(back, 100, 52));
    expect(Math.max(...scores)).toBeLessThan(0.5);
    expect(scoring.contextOf('PUMP_1')?.reason).toBe('readings again after 11 min without any');
  });
});
