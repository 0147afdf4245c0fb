import { describe, expect, it } from 'vitest';
import { alignSeries } from './align-series';

describe('alignSeries', () => {
  it('puts series read at different times on one axis, with gaps where one has no reading', () => {
    const aligned = alignSeries([
      { ts: [1000, 3000], value: [1, 3] },
      { ts: [2000, 3000], value: [20, 30] },
    ]);
    expect(aligned).toEqual([
      [1000, 2000, 3000],
      [1, null, 3],
      [null, 20, 30],
    ]);
  });
});
