import type { AssetTree } from '@dtwin/contracts/assets';
import type { Severity } from '@dtwin/contracts/alerts';
import type { DeviceInAsset } from '../devices/devices.service';
import type { AssetLinks } from './asset-links';
import { rollUpStatus } from './asset-status';
import type { AssetRow } from './assets.repository';

/**
 * What a tree with statuses needs beyond the hierarchy: scores per device, and open alerts per
 * subject (a device, or an asset for the alerts of rules on its computed metrics).
 */
export interface TreeFacts {
  scores: ReadonlyMap<string, number>;
  alerts: ReadonlyMap<string, Record<Severity, number>>;
}

/**
 * The nested tree under `rootId`, children by name, each node's attached devices, and with
 * `facts` each node's rolled-up status over its own subtree (one pass, bottom up).
 */
export function buildAssetTree(
  rootId: string,
  rows: ReadonlyMap<string, AssetRow>,
  links: AssetLinks,
  devices: readonly DeviceInAsset[],
  facts?: TreeFacts,
): AssetTree | undefined {
  const attached = new Map<string, DeviceInAsset[]>();
  for (const d of devices) attached.set(d.asset_id, [...(attached.get(d.asset_id) ?? []), d]);
  const seen = new Set<string>();

  type Built = { node: AssetTree; below: DeviceInAsset[]; assets: string[] };
  const build = (assetId: string): Built | undefined => {
    const row = rows.get(assetId);
    if (!row || seen.has(assetId)) return undefined;
    seen.add(assetId);
    const own = attached.get(assetId) ?? [];
    const built = links
      .childrenOf(assetId)
      .map(build)
      .filter((c) => c !== undefined)
      .sort((a, b) => a.node.name.localeCompare(b.node.name) || a.node.id.localeCompare(b.node.id));
    const below = [...own, ...built.flatMap((c) => c.below)];
    const assets = [assetId, ...built.flatMap((c) => c.assets)];
    const node: AssetTree = {
      id: row.id,
      name: row.name,
      type: row.type,
      children: built.map((c) => c.node),
      devices: own.map((d) => ({ id: d.id, name: d.name })),
    };
    if (facts) {
      const scores = below.flatMap((d) => {
        const s = facts.scores.get(d.id);
        return s === undefined ? [] : [s];
      });
      const alerts = { info: 0, warning: 0, critical: 0 };
      for (const subject of [...below.map((d) => d.id), ...assets]) {
        const a = facts.alerts.get(subject);
        if (!a) continue;
        alerts.info += a.info;
        alerts.warning += a.warning;
        alerts.critical += a.critical;
      }
      node.status = rollUpStatus(below, scores, alerts);
    }
    return { node, below, assets };
  };
  return build(rootId)?.node;
}
