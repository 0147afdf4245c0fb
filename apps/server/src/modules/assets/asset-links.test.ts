import { describe, expect, it } from 'vitest';
import { assetLinks } from './asset-links';

const plant = assetLinks([
  { id: 'site', parent_id: null },
  { id: 'area-a', parent_id: 'site' },
  { id: 'line-1', parent_id: 'area-a' },
  { id: 'pump-1', parent_id: 'line-1' },
  { id: 'area-b', parent_id: 'site' },
  { id: 'other', parent_id: null },
]);

describe('asset links', () => {
  it('walks a subtree, parents before children, and nothing outside it', () => {
    expect(plant.subtree('site')).toEqual(['site', 'area-a', 'area-b', 'line-1', 'pump-1']);
    expect(plant.subtree('area-a')).toEqual(['area-a', 'line-1', 'pump-1']);
    expect(plant.subtree('missing')).toEqual([]);
  });

  it('knows ancestors (nearest first) and heights', () => {
    expect(plant.ancestors('pump-1')).toEqual(['line-1', 'area-a', 'site']);
    expect(plant.ancestors('site')).toEqual([]);
    expect(plant.height('site')).toBe(4);
    expect(plant.height('pump-1')).toBe(1);
  });

  it('terminates on a cycle stored behind its back', () => {
    const loop = assetLinks([
      { id: 'a', parent_id: 'b' },
      { id: 'b', parent_id: 'a' },
    ]);
    expect(loop.subtree('a')).toEqual(['a', 'b']);
    expect(loop.ancestors('a')).toEqual(['b']);
    expect(loop.height('a')).toBe(2);
  });
});
