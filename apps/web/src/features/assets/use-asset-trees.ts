import type { Asset, AssetTree } from '@dtwin/contracts/assets';
import { useHttp } from '../../lib/http-context';
import { useQuery, type QueryState } from '../../lib/use-query';
import { getAssetTree, listAssets } from './assets-api';

export interface PlantTrees {
  /** Every asset, flat (for breadcrumbs and pickers). */
  assets: Asset[];
  /** The trees shown: under `rootId`, or one per top-level asset, by name. */
  trees: AssetTree[];
}

/** The hierarchy under one asset, or the whole plant (`rootId` null) as one tree per top-level asset. */
export function useAssetTrees(rootId: string | null, epoch: number): QueryState<PlantTrees> {
  const http = useHttp();
  return useQuery(['asset-trees', rootId, epoch], async (signal) => {
    const assets = await listAssets(http, {}, signal);
    const roots = rootId === null ? assets.filter((a) => a.parent_id === null).map((a) => a.id) : [rootId];
    const trees = await Promise.all(roots.map((id) => getAssetTree(http, id, signal)));
    return { assets, trees: trees.sort((a, b) => a.name.localeCompare(b.name)) };
  });
}
