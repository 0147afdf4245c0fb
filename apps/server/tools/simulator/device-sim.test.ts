import { describe, expect, it } from 'vitest';
import { builtinModels } from '../../src/modules/models/builtin-models';
import { createDeviceSim } from './device-sim';
import { criticalLimit, scenarioCatalogue, simulatedModelIds } from './physics-registry';
import { fixedPlan, scheduleEpisode } from './scenario-plan';

const MONDAY = Date.UTC(2026, 2, 2); // a Monday in early March
const metricsOf = (model: string) => builtinModels.find((m) => m.id === model)?.metrics ?? [];

function pearson(a: number[], b: number[]): number {
  const mean = (x: number[]) => x.reduce((s, v) => s + v, 0) / x.length;
  const ma = mean(a);
  const mb = mean(b);
  let ab = 0;
  let aa = 0;
  let bb = 0;
  a.forEach((x, i) => {
    const y = b[i] ?? 0;
    ab += (x - ma) * (y - mb);
    aa += (x - ma) ** 2;
    bb += (y - mb) ** 2;
  });
  return ab / Math.sqrt(aa * bb);
}

/** A 5-sample running median: what a crossing looks like without a one-sample glitch. */
function median5(values: number[], i: number): number {
  const window = values.slice(Math.max(0, i - 4), i + 1).sort((x, y) => x - y);
  return window[Math.floor(window.length / 2)] ?? NaN;
}

describe('device physics', () => {
  it('is deterministic for a seed and differs between seeds', () => {
    const run = (seed: number) => {
      const sim = createDeviceSim({ id: 'DEVICE_001', model: 'centrifugal_pump', seed });
      return Array.from({ length: 50 }, (_, i) => sim.sample(MONDAY + i * 5000));
    };
    expect(run(7)).toEqual(run(7));
    expect(run(7)).not.toEqual(run(8));
    // Two devices of one fleet never share a noise stream.
    const a = createDeviceSim({ id: 'A', model: 'temperature_sensor', seed: 7 }).sample(MONDAY);
    const b = createDeviceSim({ id: 'B', model: 'temperature_sensor', seed: 7 }).sample(MONDAY);
    expect(a).not.toEqual(b);
  });

  it('gives the same reading for a time whatever was sampled before (noise is keyed by time)', () => {
    const dense = createDeviceSim({ id: 'T', model: 'humidity_sensor', seed: 3 });
    const sparse = createDeviceSim({ id: 'T', model: 'humidity_sensor', seed: 3 });
    for (let i = 0; i < 60; i++) dense.sample(MONDAY + i * 1000);
    expect(sparse.sample(MONDAY + 60_000)).toEqual(dense.sample(MONDAY + 60_000));
  });

  it.each(simulatedModelIds)(
    'keeps a healthy %s inside its normal ranges on ≥ 99 percent of a day',
    (model) => {
      for (const [seed, day] of [
        [1, MONDAY],
        [2, Date.UTC(2026, 6, 18)], // a Saturday in July
        [3, Date.UTC(2026, 0, 11)], // a Sunday in January
      ] as const) {
        const sim = createDeviceSim({ id: `DEVICE_${seed}`, model, seed, outages: false });
        const metrics = metricsOf(model);
        const outside = new Map<string, number>();
        let n = 0;
        let malformed = 0;
        for (let t = day; t < day + 86_400_000; t += 15_000, n++) {
          const reading = sim.sample(t);
          if (Object.keys(reading).length !== metrics.length) malformed++;
          for (const m of metrics) {
            const v = reading[m.name] ?? NaN;
            if (!Number.isFinite(v)) malformed++;
            if (!(v >= m.normal.min && v <= m.normal.max))
              outside.set(m.name, (outside.get(m.name) ?? 0) + 1);
          }
        }
        expect(malformed).toBe(0);
        for (const m of metrics)
          expect((outside.get(m.name) ?? 0) / n, `${model} ${m.name}`).toBeLessThan(0.01);
        expect(sim.state().phase).toBe('healthy');
      }
    },
  );

  it.each(scenarioCatalogue.map((s) => [s.id, s] as const))(
    '%s crosses the critical limit at its announced failure time, then resets',
    (_, scenario) => {
      const start = MONDAY + 10 * 3_600_000;
      const episode = scheduleEpisode(scenario.id, start, { timeScale: 60, seed: 5 });
      const sim = createDeviceSim({
        id: 'X',
        model: scenario.model,
        seed: 11,
        plan: fixedPlan([episode]),
        outages: false,
      });
      const limit = criticalLimit(scenario);
      const beyond = (v: number, bound: number, dir: 'high' | 'low') =>
        dir === 'high' ? v > bound : v < bound;
      const step = 1000;
      const times: number[] = [];
      const series = new Map<string, number[]>();
      for (let t = start - 60_000; t < episode.failureMs + 30_000; t += step) {
        times.push(t);
        for (const [k, v] of Object.entries(sim.sample(t))) series.set(k, [...(series.get(k) ?? []), v]);
      }
      const failing = series.get(scenario.failingMetric) ?? [];
      const firstCross = times.find(
        (t, i) => t >= episode.startMs && beyond(median5(failing, i), limit, scenario.direction),
      );
      const duration = episode.failureMs - episode.startMs;
      expect(firstCross).toBeDefined();
      expect(Math.abs((firstCross ?? 0) - episode.failureMs)).toBeLessThanOrEqual(
        Math.max(0.02 * duration, 5 * step),
      );

      // Only the failing metric reaches a critical limit before the failure.
      for (const m of metricsOf(scenario.model)) {
        if (m.name === scenario.failingMetric) continue;
        const values = series.get(m.name) ?? [];
        const early = times.findIndex(
          (t, i) =>
            t < episode.failureMs &&
            (median5(values, i) > m.critical.max || median5(values, i) < m.critical.min),
        );
        expect(early, `${m.name} went critical before the failure`).toBe(-1);
      }

      const failedAt = (episode.failureMs + episode.resetMs) / 2;
      expect(beyond(sim.sample(failedAt)[scenario.failingMetric] ?? NaN, limit, scenario.direction)).toBe(
        true,
      );
      expect(sim.state(failedAt)).toMatchObject({ phase: 'failed', health: 0, scenario: scenario.id });

      const after = episode.resetMs + 120_000;
      for (let t = after; t < after + 30_000; t += 5000) sim.sample(t); // let thermal lags settle
      const m = metricsOf(scenario.model).find((x) => x.name === scenario.failingMetric);
      const v = sim.sample(after + 30_000)[scenario.failingMetric] ?? NaN;
      expect(v).toBeGreaterThanOrEqual(m?.normal.min ?? NaN);
      expect(v).toBeLessThanOrEqual(m?.normal.max ?? NaN);
      expect(sim.state(after)).toMatchObject({ phase: 'healthy', health: 1, failureAt: null });
    },
  );

  it('announces the failure time and a falling health while degrading', () => {
    const start = MONDAY + 8 * 3_600_000;
    const episode = scheduleEpisode('pump_bearing_wear', start, { durationH: 5 });
    const sim = createDeviceSim({ id: 'P', model: 'centrifugal_pump', seed: 1, plan: fixedPlan([episode]) });
    expect(episode.failureMs - start).toBe(5 * 3_600_000);
    let previous = 1.01;
    for (let t = start; t < episode.failureMs; t += 20 * 60_000) {
      const state = sim.state(t);
      expect(state).toMatchObject({
        phase: 'degrading',
        scenario: 'pump_bearing_wear',
        failingMetric: 'vibration',
        criticalLimit: 7.1,
        failureAt: episode.failureMs,
        maintenanceAt: episode.resetMs,
      });
      expect(state.health).toBeLessThan(previous);
      previous = state.health;
    }
  });

  it('raises pump vibration, bearing temperature and current together as the bearing wears', () => {
    // Real time (timeScale 1) across the evening shift change, where load also moves.
    for (const seed of [1, 2, 3]) {
      const start = MONDAY + 17 * 3_600_000;
      const episode = scheduleEpisode('pump_bearing_wear', start, { seed });
      const sim = createDeviceSim({ id: 'P', model: 'centrifugal_pump', seed, plan: fixedPlan([episode]) });
      const vib: number[] = [];
      const temp: number[] = [];
      const amps: number[] = [];
      for (let t = start; t < episode.failureMs; t += 30_000) {
        const r = sim.sample(t);
        vib.push(r.vibration ?? NaN);
        temp.push(r.bearing_temperature ?? NaN);
        amps.push(r.motor_current ?? NaN);
      }
      expect(pearson(vib, temp)).toBeGreaterThan(0.8);
      expect(pearson(vib, amps)).toBeGreaterThan(0.8);
      expect(pearson(temp, amps)).toBeGreaterThan(0.8);
      expect((temp.at(-1) ?? 0) - (temp[0] ?? 0)).toBeGreaterThan(20);
      expect((amps.at(-1) ?? 0) - (amps[0] ?? 0)).toBeGreaterThan(4);
    }
  });

  it('keeps pump power consistent with flow × pressure / efficiency', () => {
    const sim = createDeviceSim({ id: 'P', model: 'centrifugal_pump', seed: 4, spikes: false });
    for (let t = MONDAY; t < MONDAY + 86_400_000; t += 3_600_000) {
      const r = sim.sample(t);
      const hydraulicKw = ((r.flow ?? 0) * (r.discharge_pressure ?? 0)) / 36;
      const expected = hydraulicKw / ((r.efficiency ?? 0) / 100) / 0.93;
      expect(Math.abs((r.power ?? 0) - expected) / expected).toBeLessThan(0.06);
    }
  });

  it('runs a motor hotter on shift than at night (winding temperature follows load)', () => {
    const sim = createDeviceSim({ id: 'M', model: 'electric_motor', seed: 2, spikes: false });
    const at = (hour: number) => {
      let last: Record<string, number> = {};
      for (let t = MONDAY + (hour - 3) * 3_600_000; t <= MONDAY + hour * 3_600_000; t += 60_000)
        last = sim.sample(t);
      return last;
    };
    const night = at(4);
    const day = at(11);
    expect((day.current ?? 0) - (night.current ?? 0)).toBeGreaterThan(5);
    expect((day.winding_temperature ?? 0) - (night.winding_temperature ?? 0)).toBeGreaterThan(12);
  });
});

describe('desired properties', () => {
  it('applies writable properties, clamped to their range, and ignores what it does not know', () => {
    const sim = createDeviceSim({ id: 'P', model: 'centrifugal_pump', seed: 1 });
    expect(sim.properties()).toEqual({ sample_interval_s: 5, speed_setpoint_rpm: 2900, running: true });
    expect(
      sim.applyDesired({ sample_interval_s: 2.4, speed_setpoint_rpm: 99_999, running: 'yes', colour: 'red' }),
    ).toEqual({ sample_interval_s: 2, speed_setpoint_rpm: 3000 });
    expect(sim.sampleIntervalS()).toBe(2);
    expect(sim.applyDesired({ sample_interval_s: 0 })).toEqual({ sample_interval_s: 1 });
    expect(sim.properties()).toMatchObject({ sample_interval_s: 1, running: true });
  });

  it('changes the physics: pump speed follows the affinity laws, a stopped pump delivers nothing', () => {
    const t = MONDAY + 11 * 3_600_000;
    const sim = createDeviceSim({ id: 'P', model: 'centrifugal_pump', seed: 1, spikes: false });
    const full = sim.sample(t);
    sim.applyDesired({ speed_setpoint_rpm: 1450 });
    const half = sim.sample(t + 1000);
    expect((half.flow ?? 0) / (full.flow ?? 1)).toBeCloseTo(0.5, 1);
    expect((half.discharge_pressure ?? 0) / (full.discharge_pressure ?? 1)).toBeCloseTo(0.25, 1);
    expect(half.power ?? 0).toBeLessThan((full.power ?? 0) / 4);
    sim.applyDesired({ running: false });
    expect(sim.sample(t + 2000)).toMatchObject({ flow: 0, motor_current: 0, power: 0 });
  });

  it('changes the physics: a higher compressor setpoint raises pressure and power', () => {
    const t = MONDAY + 11 * 3_600_000;
    const sim = createDeviceSim({ id: 'C', model: 'air_compressor', seed: 1, spikes: false });
    const seven = sim.sample(t);
    sim.applyDesired({ pressure_setpoint_bar: 8 });
    const eight = sim.sample(t);
    expect((eight.discharge_pressure ?? 0) - (seven.discharge_pressure ?? 0)).toBeCloseTo(1, 1);
    expect((eight.power ?? 0) / (seven.power ?? 1)).toBeGreaterThan(1.05);
  });
});
