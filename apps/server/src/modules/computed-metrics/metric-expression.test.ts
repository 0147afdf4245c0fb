import { describe, expect, it } from 'vitest';
import { compileExpression, evaluateExpression, type ExpressionInputs } from './metric-expression';

const inputs = (
  own: Record<string, number>,
  children: Record<string, number[]> = {},
  devices: Record<string, number[]> = {},
): ExpressionInputs => ({
  own: (m) => own[m],
  collection: (from, m) => (from === 'children' ? children[m] : devices[m]) ?? [],
});

const run = (text: string, i: ExpressionInputs) => evaluateExpression(compileExpression(text), i);

describe('computed metric expressions', () => {
  it('aggregates the subtree, reads own metrics, does arithmetic', () => {
    const i = inputs({ power: 12, flow: 4 }, { flow: [1, 2, 3] }, { vibration: [0.2, 0.4], power: [5, 7] });
    expect(run('sum(children.flow)', i)).toBe(6);
    expect(run('mean(devices.vibration)', i)).toBeCloseTo(0.3);
    expect(run('power / flow', i)).toBe(3);
    expect(run('max(devices.power) - min(devices.power) + count(children.flow)', i)).toBe(5);
    expect(run('max(power, flow * 10) % 7', i)).toBe(5);
    expect(run('round(sqrt(pow(power, 2))) * -1', i)).toBe(-12);
    expect(compileExpression('sum(devices.power) / sum(children.flow) + x').own).toEqual(new Set(['x']));
  });

  it('gives no value when an input is missing or the result is not finite', () => {
    const i = inputs({ power: 1, zero: 0 });
    expect(run('power / missing', i)).toBeUndefined();
    expect(run('power / zero', i)).toBeUndefined();
    expect(run('mean(devices.flow)', i)).toBeUndefined();
    expect(run('sum(devices.flow)', i)).toBeUndefined();
    expect(run('count(devices.flow)', i)).toBe(0);
  });

  it.each([
    ['power +* flow', /syntax error at position 8/],
    ['constructor.prototype', /only allowed inside sum/],
    ['eval(power)', /unknown function 'eval'/],
    ['sum(assets.flow)', /unknown reference 'assets.flow'/],
    ['sum(power)', /takes one argument: children.<metric>/],
    ['power = 3', /syntax error|not allowed/],
    ['power > 3 ? 1 : 0', /not allowed/],
    ['"text"', /only numbers/],
    ['power ** 2', /operator '\*\*' is not allowed/],
    ['a, b', /more than one expression/],
    ['children', /needs a metric and an aggregate/],
    ['Power', /not a metric name/],
    ['x'.repeat(501), /too long/],
    ['abs('.repeat(40) + 'x' + ')'.repeat(40), /nested too deeply/],
    [`max(${Array.from({ length: 220 }, () => '1').join(',')})`, /too large/],
  ])('refuses %s', (text, message) => {
    expect(() => compileExpression(text)).toThrow(message);
  });
});
