import { describe, expect, it } from 'vitest';
import { createDeviceDetector, FLAG, type DeviceDetectorState } from './device-detector';
import { createRandom } from '../../../tools/anomaly-eval/synthetic';

const METRICS = ['vibration', 'current', 'temperature', 'pressure'];

/** A pump: four independent noisy metrics; `drift` adds a ramp (in noise σ) to some of them. */
function pump(seed: number, drift: Partial<Record<string, number>>, rows = 2600, from = 2000) {
  const rnd = createRandom(seed);
  const device = createDeviceDetector(METRICS);
  const scores: number[] = [];
  for (let r = 0; r < rows; r++) {
    const ramp = r >= from ? (r - from) / (rows - from) : 0;
    const values: Record<string, number> = {};
    for (const m of METRICS) values[m] = 10 + rnd.normal() + (drift[m] ?? 0) * ramp;
    scores.push(device.score(values).device);
  }
  return { scores, device };
}

const mean = (a: number[]) => a.reduce((s, x) => s + x, 0) / a.length;

describe('device detector', () => {
  it('scores metrics drifting together higher than either drifting alone', () => {
    for (const seed of [1, 2, 3]) {
      const vibration = pump(seed, { vibration: 4 }).scores;
      const current = pump(seed, { current: 4 }).scores;
      const both = pump(seed, { vibration: 4, current: 4 }).scores;
      const late = (s: number[]) => mean(s.slice(2300));
      expect(late(both)).toBeGreaterThan(late(vibration));
      expect(late(both)).toBeGreaterThan(late(current));
      // And it flags the joint drift sooner.
      const first = (s: number[]) => s.findIndex((x, i) => i >= 2000 && x >= 0.5);
      const firstBoth = first(both);
      expect(firstBoth).toBeGreaterThan(2000);
      for (const alone of [vibration, current]) {
        const f = first(alone);
        expect(f === -1 || firstBoth <= f).toBe(true);
      }
    }
  });

  it('scores a joint move higher than the same move in any one metric, row by row', () => {
    // Same history, then one row where two metrics are moderately off, against each alone.
    const base = pump(4, {}, 2000).device.state();
    const row = (offsets: Record<string, number>) => {
      const d = createDeviceDetector(METRICS, {}, JSON.parse(JSON.stringify(base)) as DeviceDetectorState);
      const values: Record<string, number> = {};
      for (const m of METRICS) values[m] = 10 + (offsets[m] ?? 0);
      return d.score(values);
    };
    const both = row({ vibration: 3, current: 3 });
    const vibration = row({ vibration: 3 });
    const current = row({ current: 3 });
    expect(both.device).toBeGreaterThan(vibration.device);
    expect(both.device).toBeGreaterThan(current.device);
    expect(both.evidence.combination).toBe('joint');
    expect(both.evidence.contributors.map((c) => c.metric).sort()).toEqual(['current', 'vibration']);
  });

  it('stays quiet on a healthy device and explains what it flags', () => {
    const healthy = pump(5, {}, 6000).scores;
    expect(healthy.filter((s) => s >= 0.5).length / healthy.length).toBeLessThan(1e-3);

    const rnd = createRandom(6);
    const device = createDeviceDetector(METRICS);
    for (let r = 0; r < 1500; r++)
      device.score(Object.fromEntries(METRICS.map((m) => [m, 10 + rnd.normal()])));
    const spike = device.score({ vibration: 10, current: 10, temperature: 30, pressure: 10 });
    expect(spike.device).toBeGreaterThan(0.8);
    expect(spike.device).toBeLessThan(1);
    expect(spike.evidence.top?.metric).toBe('temperature');
    expect(spike.evidence.top?.rule).toBe('forecast');
    expect(spike.evidence.top?.value).toBe(30);
    expect(spike.evidence.contributors[0]).toEqual({
      metric: 'temperature',
      score: spike.metrics.temperature,
    });
  });

  it('scores rows with missing metrics, and a row with nothing in it as 0', () => {
    const rnd = createRandom(7);
    const device = createDeviceDetector(METRICS);
    for (let r = 0; r < 500; r++) {
      const values: Record<string, number | null> = Object.fromEntries(
        METRICS.map((m) => [m, 10 + rnd.normal()]),
      );
      if (r % 3 === 0) values.pressure = null;
      const s = device.score(values).device;
      expect(s).toBeGreaterThanOrEqual(0);
      expect(s).toBeLessThan(0.5);
    }
    expect(device.score({}).device).toBe(0);
    expect(device.scoreArray([NaN, NaN, NaN, NaN])).toBe(0);
  });

  it('survives a restart through JSON and rejects a state that is not one', () => {
    const rnd = createRandom(8);
    const rows = Array.from({ length: 1500 }, () => METRICS.map(() => 10 + rnd.normal()));
    const original = createDeviceDetector(METRICS);
    rows.slice(0, 1000).forEach((r) => original.scoreArray(r));
    const stored = JSON.parse(JSON.stringify(original.state())) as DeviceDetectorState;
    const resumed = createDeviceDetector(METRICS, {}, stored);
    for (const r of rows.slice(1000)) expect(resumed.scoreArray(r)).toBe(original.scoreArray(r));
    expect(() => createDeviceDetector(METRICS, {}, { ...stored, sumVar: 0 })).toThrow(/running moments/);
    expect(() => createDeviceDetector([])).toThrow(/at least one metric/);
    expect(() => createDeviceDetector(['a', 'a'])).toThrow(/unique/);
  });

  it('adds a metric the device starts reporting later, stays quiet while it learns, then flags it', () => {
    const rnd = createRandom(9);
    const row = (names: readonly string[]) => Object.fromEntries(names.map((m) => [m, 10 + rnd.normal()]));
    const three = METRICS.slice(0, 3);
    const device = createDeviceDetector(three);
    for (let r = 0; r < 1500; r++) device.score(row(three));
    device.addMetric('pressure');
    expect(device.metricNames).toEqual(METRICS);
    expect(() => device.addMetric('pressure')).toThrow(/already/);
    const scores = Array.from({ length: 3000 }, () => device.score(row(METRICS)).device);
    expect(scores.filter((s) => s >= 0.5).length / scores.length).toBeLessThan(1e-3);
    const spike = device.score({ ...row(three), pressure: 20 });
    expect(spike.device).toBeGreaterThan(0.7);
    expect(spike.evidence.top?.metric).toBe('pressure');
    expect(Object.keys(device.state().metrics)).toEqual(METRICS);
  });

  it('continues warm from a state with other metrics: shared ones go on, new ones start fresh', () => {
    const stored = JSON.parse(JSON.stringify(pump(10, {}, 1500).device.state())) as DeviceDetectorState;
    // The device now reports flow, which the state has not seen, and no longer temperature or pressure.
    const names = ['vibration', 'current', 'flow'];
    const device = createDeviceDetector(names, {}, stored);
    const state = device.state();
    expect(Object.keys(state.metrics)).toEqual(names);
    expect(state.metrics.vibration).toEqual(stored.metrics.vibration);
    expect(state.metrics.flow?.n).toBe(0);
    // A spike on the first row is flagged at once; a detector starting cold would still be warming up.
    const spike = { vibration: 10, current: 20, flow: 10 };
    expect(createDeviceDetector(names).score(spike).device).toBe(0);
    const warm = device.score(spike);
    expect(warm.device).toBeGreaterThan(0.7);
    expect(warm.evidence.top?.metric).toBe('current');
    // And normal rows after it stay quiet while flow learns its normal.
    const rnd = createRandom(11);
    const scores = Array.from(
      { length: 3000 },
      () => device.score(Object.fromEntries(names.map((m) => [m, 10 + rnd.normal()]))).device,
    );
    expect(scores.filter((s) => s >= 0.5).length / scores.length).toBeLessThan(1e-3);
  });

  it('holds a flag while the evidence stays near it, instead of flickering (deadband)', () => {
    const rnd = createRandom(8);
    const device = createDeviceDetector(['vibration', 'current']);
    const scores: number[] = [];
    for (let i = 0; i < 1400; i++) {
      const fault = i >= 1000 && i < 1300 ? 0.15 : 0;
      scores.push(device.scoreArray([1 + 0.1 * rnd.normal() + fault, 5 + 0.1 * rnd.normal() + fault]));
    }
    expect(scores.slice(1000, 1300).filter((s) => s >= FLAG).length).toBeGreaterThan(100);
    // After a flagged row the score either stays flagged or falls clearly below (under 0.35).
    for (let i = 1; i < scores.length; i++)
      if (scores[i - 1]! >= FLAG && scores[i]! < FLAG) expect(scores[i]!).toBeLessThan(0.35);
  });
});
