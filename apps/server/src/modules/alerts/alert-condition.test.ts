import { describe, expect, it } from 'vitest';
import {
  alertMessage,
  describeCondition,
  labelOf,
  recovered,
  roundForPeople,
  violates,
  type RuleCondition,
} from './alert-condition';

const rule = (
  operator: RuleCondition['operator'],
  threshold: number,
  hysteresis = 0,
  threshold_high: number | null = null,
): RuleCondition => ({
  operator,
  threshold,
  threshold_high,
  hysteresis,
});

describe('alert conditions', () => {
  it.each([
    ['>', 80, [80.1], [80, 10]],
    ['>=', 80, [80, 81], [79.9]],
    ['<', 70, [69.9], [70, 90]],
    ['<=', 60, [60, 10], [60.1]],
    ['==', 1, [1], [0, 1.0001]],
    ['!=', 1, [0, 2], [1]],
  ] as const)('%s %d fires for %j and not for %j', (operator, threshold, on, off) => {
    for (const v of on) expect(violates(rule(operator, threshold), v)).toBe(true);
    for (const v of off) expect(violates(rule(operator, threshold), v)).toBe(false);
  });

  it('fires outside a range, on either side', () => {
    const band = rule('outside', 10, 0, 20);
    expect([9.9, 10, 15, 20, 20.1].map((v) => violates(band, v))).toEqual([true, false, false, false, true]);
  });

  it('clears only past the threshold by the hysteresis', () => {
    const high = rule('>', 80, 2);
    expect([81, 80, 78.5, 78, 70].map((v) => recovered(high, v))).toEqual([false, false, false, true, true]);
    const low = rule('<', 70, 5);
    expect([69, 74.9, 75].map((v) => recovered(low, v))).toEqual([false, false, true]);
    const band = rule('outside', 10, 1, 20);
    expect([10.5, 11, 15, 19, 19.5].map((v) => recovered(band, v))).toEqual([false, true, true, true, false]);
    expect(recovered(rule('==', 1), 0)).toBe(true);
    expect(recovered(rule('==', 1), 1)).toBe(false);
  });

  it('without hysteresis, clears as soon as the condition is no longer met', () => {
    for (const operator of ['>', '>=', '<', '<=', '==', '!='] as const) {
      for (const v of [-1, 0, 0.5, 1, 2])
        expect(recovered(rule(operator, 1), v)).toBe(!violates(rule(operator, 1), v));
    }
  });

  it('says what fired in words', () => {
    expect(describeCondition(rule('outside', 10, 0, 20))).toBe('outside 10…20');
    expect(
      alertMessage(
        { ...rule('>', 7.1), duration_s: 180 },
        { deviceName: 'Pump P-101', label: 'Vibration', unit: 'mm/s' },
        7.4321,
      ),
    ).toBe('Vibration 7.4 mm/s on Pump P-101 is above 7.1 mm/s for 3 min');
    expect(
      alertMessage(
        { ...rule('outside', 10, 0, 20), duration_s: 0 },
        { deviceName: 'Line 2 flow', label: 'Flow', unit: 'm³/h' },
        123.456,
      ),
    ).toBe('Flow 123 m³/h on Line 2 flow is outside 10–20 m³/h');
    expect(roundForPeople(0.15321)).toBe('0.15');
    expect(labelOf('anomaly_score')).toBe('Anomaly score');
  });
});
