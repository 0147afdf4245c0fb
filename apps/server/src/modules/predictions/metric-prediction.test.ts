import type { MetricDefinition } from '@dtwin/contracts/models';
import type { MetricPrediction } from '@dtwin/contracts/predictions';
import { describe, expect, it } from 'vitest';
import { builtinModels } from '../models/builtin-models';
import { createDeviceSim, type DeviceSim } from '../../../tools/simulator/device-sim';
import { fixedPlan, scheduleEpisode } from '../../../tools/simulator/scenario-plan';
import { envelopeEdge, sameTimeWindows } from './failure-assessment';
import { MINUTES_SPAN_MS, predictMetric, RAW_SPAN_MS } from './metric-prediction';
import type { Point } from '../../analytics/robust-stats';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const STEP = 10_000;
const TUESDAY = Date.UTC(2026, 2, 3);

/** Feeds a simulated device and keeps what the server would have: raw readings and 1-minute means. */
function recorder(sim: DeviceSim, metrics: readonly MetricDefinition[]) {
  const raw = new Map<string, Point[]>(metrics.map((m) => [m.name, []]));
  const minutes = new Map<string, Map<number, { sum: number; n: number }>>(
    metrics.map((m) => [m.name, new Map()]),
  );
  let t = 0;
  return {
    runUntil(from: number, to: number) {
      for (t = Math.max(t, from); t < to; t += STEP) {
        const sample = sim.sample(t);
        for (const m of metrics) {
          const v = sample[m.name];
          if (v === undefined) continue;
          const r = raw.get(m.name) ?? [];
          r.push({ t, y: v });
          if (r.length > RAW_SPAN_MS / STEP + 10) r.shift();
          const bucket = t - (t % MINUTE);
          const mm = minutes.get(m.name);
          const e = mm?.get(bucket) ?? { sum: 0, n: 0 };
          e.sum += v;
          e.n += 1;
          mm?.set(bucket, e);
        }
      }
    },
    predict(metric: MetricDefinition, now: number): Promise<MetricPrediction | null> {
      const all = [
        ...(minutes.get(metric.name) ?? new Map<number, { sum: number; n: number }>()).entries(),
      ].map(([b, e]) => ({ t: b + MINUTE / 2, y: e.sum / e.n }));
      return predictMetric({
        metric,
        series: {
          raw: (raw.get(metric.name) ?? []).filter((p) => p.t > now - RAW_SPAN_MS),
          minutes: all.filter((p) => p.t >= now - MINUTES_SPAN_MS),
        },
        now,
        current: all.at(-1)?.y ?? null,
        envelope: (direction) =>
          envelopeEdge(
            sameTimeWindows(now).flatMap((w) =>
              all.filter((p) => p.t >= w.from && p.t < w.to).map((p) => p.y),
            ),
            direction,
          ),
      });
    },
  };
}

const modelOf = (id: string) => builtinModels.find((m) => m.id === id) ?? builtinModels[0]!;

describe('failure prediction on simulated degradations', () => {
  it.each([1, 2, 3])('converges on the real failure time of a pump bearing (seed %i)', async (seed) => {
    const model = modelOf('centrifugal_pump');
    const vibration = model.metrics.find((m) => m.name === 'vibration')!;
    const start = TUESDAY + 24 * HOUR + seed * 2.5 * HOUR;
    const episode = scheduleEpisode('pump_bearing_wear', start, { seed });
    const sim = createDeviceSim({
      id: `PUMP_${seed}`,
      model: model.id,
      seed,
      plan: fixedPlan([episode]),
      outages: false,
    });
    const rec = recorder(sim, [vibration]);
    const duration = episode.failureMs - episode.startMs;
    let t = start - 24 * HOUR;
    for (const progress of [0.6, 0.7, 0.8, 0.9]) {
      const now = episode.startMs + progress * duration;
      rec.runUntil(t, now);
      t = now;
      const p = await rec.predict(vibration, now);
      const remainingH = (episode.failureMs - now) / HOUR;
      expect(p?.rul_h, `rul at ${progress}`).not.toBeNull();
      expect(
        Math.abs((p?.rul_h ?? 0) - remainingH),
        `rul at ${progress}: ${p?.evidence.summary}`,
      ).toBeLessThanOrEqual(0.15 * remainingH);
      expect(p?.confidence).toBeGreaterThanOrEqual(0.5);
      expect(p?.direction).toBe('high');
      if (progress >= 0.7) expect(p?.failure_probability['24h']).toBeGreaterThanOrEqual(0.7);
    }
  });

  it('raises no confident prediction on healthy devices over a working day', async () => {
    const alarms: string[] = [];
    for (const id of [
      'temperature_sensor',
      'power_meter',
      'centrifugal_pump',
      'electric_motor',
      'air_compressor',
    ]) {
      const model = modelOf(id);
      const sim = createDeviceSim({ id: `H_${id}`, model: id, seed: 4 });
      const rec = recorder(sim, model.metrics);
      let t = TUESDAY - 24 * HOUR;
      for (let now = TUESDAY + 5 * HOUR; now <= TUESDAY + 20 * HOUR; now += 3 * HOUR) {
        rec.runUntil(t, now);
        t = now;
        for (const m of model.metrics) {
          const p = await rec.predict(m, now);
          if (p && (p.failure_probability['7d'] >= 0.3 || (p.confidence >= 0.5 && p.rul_h !== null)))
            alarms.push(`${id} ${m.name}: ${p.evidence.summary}`);
        }
      }
    }
    expect(alarms).toEqual([]);
  }, 60_000);
});
