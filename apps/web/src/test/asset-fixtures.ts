import type { Asset, AssetStatus, AssetTree } from '@dtwin/contracts/assets';

export function makeAsset(overrides: Partial<Asset> & Pick<Asset, 'id'>): Asset {
  return {
    name: `Asset ${overrides.id}`,
    type: 'machine',
    parent_id: null,
    properties: {},
    tags: [],
    created_at: '2025-01-10T08:00:00.000Z',
    updated_at: '2025-01-10T08:00:00.000Z',
    ...overrides,
  };
}

export function makeStatus(overrides: Partial<AssetStatus> = {}): AssetStatus {
  return {
    devices: 0,
    online: 0,
    condition: null,
    health: { mean: null, min: null, scored: 0 },
    active_alerts: { info: 0, warning: 0, critical: 0 },
    ...overrides,
  };
}

/** The `/tree` answer for `id`, built from a flat list and device attachments (device → asset). */
export function treeOf(
  assets: readonly Asset[],
  id: string,
  devices: ReadonlyArray<{ id: string; name: string; asset_id: string | null }> = [],
): AssetTree {
  const asset = assets.find((a) => a.id === id);
  if (!asset) throw new Error(`no asset ${id}`);
  return {
    id: asset.id,
    name: asset.name,
    type: asset.type,
    children: assets
      .filter((a) => a.parent_id === id)
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((c) => treeOf(assets, c.id, devices)),
    devices: devices.filter((d) => d.asset_id === id).map((d) => ({ id: d.id, name: d.name })),
  };
}
