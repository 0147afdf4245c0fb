import { describe, expect, it } from 'vitest';
import { makeAsset } from '../../test/asset-fixtures';
import { ancestorsOf, assetOptions, buildForest, subtreeIds } from './asset-forest';
import { treeKeyAction, type VisibleItem } from './tree-keys';

const assets = [
  makeAsset({ id: 'S', name: 'Site', type: 'site' }),
  makeAsset({ id: 'B', name: 'Beta line', type: 'line', parent_id: 'S' }),
  makeAsset({ id: 'A', name: 'Alpha line', type: 'line', parent_id: 'S' }),
  makeAsset({ id: 'M', name: 'Mixer', parent_id: 'A' }),
  makeAsset({ id: 'X', name: 'Orphan', parent_id: 'GONE' }),
];

describe('asset hierarchy helpers', () => {
  it('builds sorted trees; an asset whose parent is not listed is a root', () => {
    const forest = buildForest(assets);
    expect(forest.map((n) => n.asset.id)).toEqual(['X', 'S']);
    expect(forest[1]?.children.map((n) => [n.asset.id, n.depth])).toEqual([
      ['A', 1],
      ['B', 1],
    ]);
    expect(ancestorsOf(assets, 'M').map((a) => a.id)).toEqual(['S', 'A']);
    expect([...subtreeIds(assets, 'A')].sort()).toEqual(['A', 'M']);
  });

  it('offers indented options without the asset being moved and its subtree', () => {
    const labels = assetOptions(assets, { value: '', label: 'None' }, 'A').map((o) => o.label);
    expect(labels).toEqual(['None', 'Orphan (machine)', 'Site (site)', '\u00a0\u00a0\u00a0Beta line (line)']);
  });
});

describe('tree keys', () => {
  const items: VisibleItem[] = [
    { key: 's', parentKey: null, expandable: true, expanded: true },
    { key: 'a', parentKey: 's', expandable: true, expanded: false },
    { key: 'b', parentKey: 's', expandable: false, expanded: false },
  ];
  it('moves, opens, closes and goes to the parent as the tree view pattern says', () => {
    expect(treeKeyAction(items, 's', 'ArrowDown')).toEqual({ kind: 'focus', key: 'a' });
    expect(treeKeyAction(items, 'b', 'ArrowDown')).toBeNull();
    expect(treeKeyAction(items, 'a', 'ArrowRight')).toEqual({ kind: 'expand', key: 'a' });
    expect(treeKeyAction(items, 's', 'ArrowRight')).toEqual({ kind: 'focus', key: 'a' });
    expect(treeKeyAction(items, 's', 'ArrowLeft')).toEqual({ kind: 'collapse', key: 's' });
    expect(treeKeyAction(items, 'b', 'ArrowLeft')).toEqual({ kind: 'focus', key: 's' });
    expect(treeKeyAction(items, 'a', 'End')).toEqual({ kind: 'focus', key: 'b' });
    expect(treeKeyAction(items, 'b', 'Home')).toEqual({ kind: 'focus', key: 's' });
    expect(treeKeyAction(items, 'b', 'Enter')).toEqual({ kind: 'open', key: 'b' });
    expect(treeKeyAction(items, 'b', 'x')).toBeNull();
  });
});
