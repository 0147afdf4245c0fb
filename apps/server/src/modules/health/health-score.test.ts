import { describe, expect, it } from 'vitest';
import { builtinModels } from '../models/builtin-models';
import type { MetricWindow } from './health-components';
import { computeHealth, defaultHealthWeights, statusOf } from './health-score';
import type { Bucket } from '../../analytics/series-reader';

const MINUTE = 60_000;
const NOW = Date.UTC(2026, 0, 10, 12);
const FROM = NOW - 60 * MINUTE;
const pump = builtinModels.find((m) => m.id === 'centrifugal_pump')!;
const sensor = builtinModels.find((m) => m.id === 'temperature_sensor')!;

/** 60 one-minute buckets of 12 readings (every 5 s) at the value `f(minute)`. */
const minutes = (f: (i: number) => number, count = 12): Bucket[] =>
  Array.from({ length: 60 }, (_, i) => ({ t: FROM + i * MINUTE, mean: f(i), min: f(i), max: f(i), count }));
const healthyPump: Record<string, number> = {
  vibration: 1.3,
  bearing_temperature: 45,
  discharge_pressure: 6,
  flow: 60,
  motor_current: 30,
  power: 18,
  efficiency: 80,
};
const windowsOf = (values: Record<string, (i: number) => number>, count = 12): MetricWindow[] =>
  pump.metrics.map((metric) => ({
    metric,
    minutes: minutes(values[metric.name] ?? (() => healthyPump[metric.name] ?? 0), count),
  }));
const base = {
  now: NOW,
  from: FROM,
  intervalMs: 5000,
  anomaly: null,
  degradation: { p7d: 0, metric: null, rulH: null },
  lastMaintenanceAt: null,
  weights: defaultHealthWeights,
};

describe('health score', () => {
  it('bands: excellent ≥ 95, good ≥ 80, warning ≥ 60, critical ≥ 30, failure below', () => {
    expect([100, 95, 94.9, 80, 79.9, 60, 59.9, 30, 29.9, 0].map(statusOf)).toEqual([
      'excellent',
      'excellent',
      'good',
      'good',
      'warning',
      'warning',
      'critical',
      'critical',
      'failure',
      'failure',
    ]);
  });

  it('scores a pump running inside all its ranges, with complete data, as 100', () => {
    const h = computeHealth({ ...base, windows: windowsOf({}) });
    expect(h.score).toBe(100);
    expect(h.status).toBe('excellent');
    for (const c of Object.values(h.components)) expect(c.drivers).toEqual([]);
  });

  it('pulls performance and safety down for a vibration past its normal range, and says which metric', () => {
    // Half of the hour at 5 mm/s (between the normal 2.8 and the critical 7.1), ending there.
    const h = computeHealth({ ...base, windows: windowsOf({ vibration: (i) => (i >= 30 ? 5 : 1.3) }) });
    expect(h.components.performance.score).toBeLessThan(80);
    expect(h.components.performance.drivers[0]).toMatchObject({
      kind: 'level',
      metric: 'vibration',
      value: 5,
    });
    expect(h.components.performance.drivers[0]?.detail).toContain('above its normal range');
    expect(h.components.safety.drivers[0]).toMatchObject({
      kind: 'exposure',
      metric: 'vibration',
      value: 0.5,
    });
    expect(h.components.safety.score).toBeLessThan(100);
    expect(h.score).toBeLessThan(90);
  });

  it('counts missing readings against reliability, with the longest gap', () => {
    const windows = windowsOf({}).map((w) => ({
      ...w,
      minutes: w.minutes.filter((b) => b.t < FROM + 20 * MINUTE || b.t >= FROM + 50 * MINUTE),
    }));
    const h = computeHealth({ ...base, windows });
    expect(h.components.reliability.score).toBeCloseTo(50, 0);
    expect(h.components.reliability.drivers[0]?.detail).toContain('longest gap 30 min');
  });

  it('uses the anomaly rate when a detector feeds one', () => {
    const h = computeHealth({ ...base, windows: windowsOf({}), anomaly: { rate: 0.1, scored: 700 } });
    expect(h.components.reliability.score).toBeCloseTo(80, 5); // 0.6·1 + 0.4·(1 − 0.1/0.2)
    expect(h.components.reliability.drivers[0]).toMatchObject({ kind: 'anomaly', value: 0.1 });
  });

  it('leaves out components that do not apply and rescales the others', () => {
    const h = computeHealth({
      ...base,
      degradation: null,
      windows: sensor.metrics.map((metric) => ({ metric, minutes: minutes(() => 25) })),
    });
    expect(h.components.efficiency).toMatchObject({ score: null, applied_weight: 0 });
    expect(h.components.maintenance).toMatchObject({ score: null, applied_weight: 0 });
    const applied = Object.values(h.components).reduce((a, c) => a + c.applied_weight, 0);
    expect(applied).toBeCloseTo(1, 2);
    expect(h.components.performance.applied_weight).toBeCloseTo(0.3 / 0.7, 3);
  });

  it('folds the predicted failure and the time since maintenance into the maintenance component', () => {
    const h = computeHealth({
      ...base,
      windows: windowsOf({}),
      degradation: { p7d: 0.8, metric: 'vibration', rulH: 3 },
      lastMaintenanceAt: NOW - 360 * 86_400_000,
    });
    // degradation 1 − 0.8 = 0.2, age: 180 days past the interval = 0.5 → mean 0.35
    expect(h.components.maintenance.score).toBeCloseTo(35, 5);
    expect(h.components.maintenance.drivers.map((d) => d.kind).sort()).toEqual(['degradation', 'service']);
  });

  it('honours configured weights', () => {
    const windows = windowsOf({ efficiency: () => 60 }); // efficiency 60 %: half way from 70 to its critical 50
    const even = computeHealth({
      ...base,
      windows,
      weights: { performance: 0.2, reliability: 0.2, efficiency: 0.2, safety: 0.2, maintenance: 0.2 },
    });
    const effHeavy = computeHealth({
      ...base,
      windows,
      weights: { performance: 0, reliability: 0, efficiency: 1, safety: 0, maintenance: 0 },
    });
    expect(effHeavy.score).toBeCloseTo(50, 5);
    expect(even.score).toBeCloseTo(90, 5);
  });
});
