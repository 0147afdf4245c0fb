import { describe, expect, it } from 'vitest';
import { parseRulDataset } from './rul-dataset-parse';

describe('reading run-to-failure files', () => {
  it('reads C-MAPSS text (trailing spaces, no header): 3 settings and 21 sensors per row', () => {
    const row = (unit: number, cycle: number) =>
      `${unit} ${cycle} -0.0007 -0.0004 100.0 ${Array.from({ length: 21 }, (_, i) => (500 + i + cycle).toFixed(2)).join(' ')}  `;
    const data = parseRulDataset([row(2, 1), row(1, 2), row(1, 1), ''].join('\n'));
    expect(data.metrics).toHaveLength(24);
    expect(data.settings).toEqual([0, 1, 2]);
    expect(data.units.map((u) => [u.unit, u.times])).toEqual([
      [1, [1, 2]],
      [2, [1]],
    ]);
    expect(data.units[0]!.rows[0]![3]).toBe(501);
  });

  it('reads CSV with a header, recognises setting columns, takes empty cells as missing', () => {
    const data = parseRulDataset('unit,time,op_setting1,vibration,temp\n1,0,5,1.5,\n1,1,5,1.6,40\n');
    expect(data.metrics).toEqual(['op_setting1', 'vibration', 'temp']);
    expect(data.settings).toEqual([0]);
    expect(data.units[0]!.rows[0]![2]).toBeNaN();
  });

  it('refuses what it cannot read with the line at fault', () => {
    expect(() => parseRulDataset('')).toThrow(/empty/);
    expect(() => parseRulDataset('unit,time,a\n1,1,2,3\n')).toThrow(/line 2: 4 fields, expected 3/);
    expect(() => parseRulDataset('unit,time,a\n1,1,abc\n')).toThrow(/line 2: 'abc' is not a number/);
    expect(() => parseRulDataset('machine,time,a\n1,1,2\n')).toThrow(/unit,time/);
  });
});
