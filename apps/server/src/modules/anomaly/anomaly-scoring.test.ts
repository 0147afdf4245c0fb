import { describe, expect, it } from 'vitest';
import { createDeviceDetector, type DeviceDetectorState } from '../../analytics/anomaly/device-detector';
import { createRandom } from '../../../tools/anomaly-eval/synthetic';
import type { Reading } from '../../lib/domain-events';
import { createAnomalyScoring } from './anomaly-scoring';

// The built-in centrifugal pump's metrics; its devices typically report five of them.
const MODEL = [
  'vibration',
  'bearing_temperature',
  'discharge_pressure',
  'flow',
  'motor_current',
  'power',
  'efficiency',
];
const REPORTED = ['vibration', 'bearing_temperature', 'flow', 'power', 'efficiency'];
const LEVEL: Record<string, number> = {
  vibration: 2,
  bearing_temperature: 50,
  discharge_pressure: 6,
  flow: 60,
  motor_current: 30,
  power: 18,
  efficiency: 80,
  speed: 2900,
};

/** Rows of one pump, a second apart: each metric at its level with 1 % noise, unless overridden. */
function pump(seed: number) {
  const rnd = createRandom(seed);
  let ts = 1_700_000_000_000;
  return (metrics: readonly string[], override: Record<string, number> = {}): Reading[] => {
    ts += 1000;
    return metrics.map((metric) => ({
      deviceId: 'PUMP_1',
      metric,
      ts,
      value: override[metric] ?? LEVEL[metric]! * (1 + 0.01 * rnd.normal()),
    }));
  };
}

const valuesOf = (readings: Reading[]) => Object.fromEntries(readings.map((r) => [r.metric, r.value]));

function scoring(baseline?: DeviceDetectorState) {
  return createAnomalyScoring({
    metricsOf: async (deviceId) => (deviceId === 'PUMP_1' ? MODEL : undefined),
    baselineOf: async () =>
      baseline ? (JSON.parse(JSON.stringify(baseline)) as DeviceDetectorState) : undefined,
  });
}

/** A baseline learnt from `rows` rows of `metrics`, by a detector of `names`. */
function baseline(names: string[], metrics: string[], rows = 1000): DeviceDetectorState {
  const next = pump(1);
  const detector = createDeviceDetector(names);
  for (let r = 0; r < rows; r++) detector.score(valuesOf(next(metrics)));
  return detector.state();
}

describe('anomaly scoring', () => {
  it('scores a device by the metrics it reports, not by every metric of its model', async () => {
    const scores = scoring();
    const reportedOnly = createDeviceDetector(REPORTED);
    const next = pump(2);
    for (let r = 0; r < 400; r++) {
      const readings = next(REPORTED);
      const [scored] = await scores.score(readings);
      expect(scored?.score).toBe(reportedOnly.score(valuesOf(readings)).device);
    }
  });

  it('adds a metric the device starts reporting later, and flags it when it spikes', async () => {
    const scores = scoring();
    const next = pump(3);
    const withoutPower = REPORTED.filter((m) => m !== 'power');
    for (let r = 0; r < 300; r++) await scores.score(next(withoutPower));
    const after: number[] = [];
    for (let r = 0; r < 300; r++) after.push((await scores.score(next(REPORTED)))[0]!.score);
    expect(after.filter((s) => s >= 0.5).length).toBeLessThanOrEqual(1);

    const [spike] = await scores.score(next(REPORTED, { power: 24 }));
    expect(spike?.score).toBeGreaterThan(0.7);
    expect(spike?.metric).toBe('power');
  });

  it('starts warm from a stored baseline whose metrics differ from those reported', async () => {
    const spikeRow = pump(4)(REPORTED, { vibration: 2.5 });
    const [cold] = await scoring().score(spikeRow);
    expect(cold?.score).toBe(0);

    const baselines = {
      // As baselines were learnt before: every metric of the model, two of them never read.
      'every model metric': baseline(MODEL, REPORTED),
      // Without power, which the device reports now, and with a metric its model no longer has.
      'other metrics': baseline(
        ['vibration', 'bearing_temperature', 'flow', 'efficiency', 'speed'],
        ['vibration', 'bearing_temperature', 'flow', 'efficiency', 'speed'],
      ),
    };
    for (const [name, stored] of Object.entries(baselines)) {
      const scores = scoring(stored);
      const [warm] = await scores.score(spikeRow);
      expect(warm?.score, name).toBeGreaterThan(0.7);
      expect(warm?.metric, name).toBe('vibration');
      const next = pump(5);
      const after: number[] = [];
      for (let r = 0; r < 300; r++) after.push((await scores.score(next(REPORTED)))[0]!.score);
      expect(after.filter((s) => s >= 0.5).length, name).toBeLessThanOrEqual(1);
    }
  });
});
