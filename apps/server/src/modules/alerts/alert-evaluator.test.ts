import { describe, expect, it } from 'vitest';
import { createEvaluator, type EvaluatedRule } from './alert-evaluator';

const rule: EvaluatedRule = {
  id: 7,
  operator: '>',
  threshold: 80,
  threshold_high: null,
  hysteresis: 2,
  duration_s: 300,
};
const s = (seconds: number) => seconds * 1000;

describe('the evaluator', () => {
  it('fires only once the condition has held for the duration, by the readings’ time', () => {
    const ev = createEvaluator();
    const decide = (t: number, v: number) => ev.decide(rule, 'D', v, s(t), undefined).type;
    expect([decide(0, 85), decide(100, 86), decide(299, 90)]).toEqual(['none', 'none', 'none']);
    expect(decide(300, 85)).toBe('fire');
  });

  it('starts over when the condition breaks before the duration', () => {
    const ev = createEvaluator();
    const decide = (t: number, v: number) => ev.decide(rule, 'D', v, s(t), undefined).type;
    decide(0, 85);
    decide(200, 70);
    expect(decide(310, 85)).toBe('none');
    expect(decide(609, 85)).toBe('none');
    expect(decide(610, 85)).toBe('fire');
  });

  it('ignores a late reading', () => {
    const ev = createEvaluator();
    ev.decide(rule, 'D', 85, s(100), undefined);
    expect(ev.decide(rule, 'D', 70, s(50), undefined).type).toBe('none');
    expect(ev.decide(rule, 'D', 85, s(400), undefined).type).toBe('fire');
    expect(ev.decide(rule, 'D', 70, s(10), { lastTs: s(400) }).type).toBe('none');
  });

  it('for an open alert: repeat, stay in the hysteresis band, or clear', () => {
    const ev = createEvaluator();
    const open = { lastTs: 0 };
    expect(ev.decide(rule, 'D', 85, s(1), open).type).toBe('repeat');
    expect(ev.decide(rule, 'D', 79, s(2), open).type).toBe('band');
    expect(ev.decide(rule, 'D', 78, s(3), open).type).toBe('clear');
  });

  it('reports conditions whose duration ran out without a reading', () => {
    const ev = createEvaluator();
    ev.decide(rule, 'A', 85, s(0), undefined);
    ev.decide(rule, 'B', 85, s(100), undefined);
    expect(ev.due(s(299), () => rule)).toEqual([]);
    expect(ev.due(s(300), () => rule)).toEqual([{ rule, deviceId: 'A', value: 85 }]);
    expect(ev.due(s(300), () => undefined)).toEqual([]);
    expect(ev.size).toBe(0);
  });

  it('keeps memory bounded', () => {
    const ev = createEvaluator({ maxPending: 100 });
    for (let i = 0; i < 1000; i += 1) ev.decide(rule, `D${i}`, 85, 0, undefined);
    expect(ev.size).toBe(100);
    ev.forgetRule(7);
    expect(ev.size).toBe(0);
  });
});
