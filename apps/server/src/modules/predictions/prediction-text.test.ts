import type { MetricDefinition } from '@dtwin/contracts/models';
import { describe as suite, expect, it } from 'vitest';
import type { CurveFit } from './degradation-fit';
import { describe } from './metric-prediction';

const flow: MetricDefinition = {
  name: 'flow_rate',
  label: 'Flow rate',
  unit: 'm³/h',
  normal: { min: 40, max: 60 },
  critical: { min: 20, max: 80 },
  bad: 'both',
  expected_interval_s: 10,
};

const fit = (sinceH: number, slopePerH: number): CurveFit => ({
  model: 'linear',
  curve: { t0: -sinceH, k: 0, h: 50, b: slopePerH, seB: 0.1 },
  plausible: [],
  level: 50 + slopePerH * sinceH,
  slopePerH,
  evidence: 1,
  points: 60,
  nEff: 60,
  noise: 0.1,
  recentBias: 0,
  recentLevel: 50,
  from: 0,
});

suite('the words of a prediction', () => {
  it('never quotes a rate "for 0 min": a trend seen for seconds has no rate', () => {
    const text = describe(flow, fit(0.002, -5368), 'low', { rulH: 0.1, lowH: 0.05, highH: 0.3 }, null);
    expect(text).not.toMatch(/0 min/);
    expect(text).not.toMatch(/per hour/);
    expect(text).toMatch(/has just started moving down/);
  });

  it('quotes a trend of minutes per minute and a trend of hours per hour, in the metric unit', () => {
    const minutes = describe(flow, fit(0.5, -60), 'low', { rulH: 0.2, lowH: 0.1, highH: 0.4 }, null);
    expect(minutes).toMatch(/for 30 min, now 1\.00 m³\/h per minute/);
    const hours = describe(flow, fit(3, -2), 'low', { rulH: 12, lowH: 10, highH: 15 }, null);
    expect(hours).toMatch(/for 3\.0 h, now 2\.00 m³\/h per hour/);
  });
});
