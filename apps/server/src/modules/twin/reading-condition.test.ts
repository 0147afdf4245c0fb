import type { MetricDefinition } from '@dtwin/contracts/models';
import { describe, expect, it } from 'vitest';
import { metricCondition, readingCondition, worseOf } from './reading-condition';

const temperature: MetricDefinition = {
  name: 'temperature',
  label: 'Temperature',
  unit: '°C',
  normal: { min: 15, max: 35 },
  critical: { min: 5, max: 60 },
  bad: 'both',
  expected_interval_s: 10,
};
const flow: MetricDefinition = {
  ...temperature,
  name: 'flow',
  bad: 'low',
  normal: { min: 10, max: 20 },
  critical: { min: 2, max: 40 },
};

describe('the condition of the latest readings', () => {
  it('is a warning outside the normal range and critical outside the critical range', () => {
    expect(metricCondition(temperature, 25)).toBe('normal');
    expect(metricCondition(temperature, 48.8)).toBe('warning');
    expect(metricCondition(temperature, 61)).toBe('critical');
    expect(metricCondition(temperature, 3)).toBe('critical');
  });

  it('only counts the bad side of a range', () => {
    expect(metricCondition(flow, 35)).toBe('normal');
    expect(metricCondition(flow, 5)).toBe('warning');
  });

  it('takes the worst metric of the device', () => {
    const model = { metrics: [temperature, flow] };
    expect(readingCondition(model, { temperature: { value: 48.8 }, flow: { value: 15 } })).toBe('warning');
    expect(readingCondition(model, { temperature: { value: 20 }, flow: { value: 1 } })).toBe('critical');
    expect(readingCondition(model, {})).toBe('normal');
  });

  it('combines with the alerts by taking the worse', () => {
    expect(worseOf('normal', 'warning')).toBe('warning');
    expect(worseOf('critical', 'warning')).toBe('critical');
  });
});
