import { assetLinks, type AssetLinks } from './asset-links';
import type { AssetsRepository } from './assets.repository';

/**
 * The hierarchy as other modules see it (devices check an asset exists and filter by subtree).
 * Read fresh each time: several processes may share the database.
 */
export function createAssetDirectory(assets: Pick<AssetsRepository, 'get' | 'links'>) {
  return {
    exists: async (id: string): Promise<boolean> => (await assets.get(id)) !== undefined,
    links: async (): Promise<AssetLinks> => assetLinks(await assets.links()),
    async subtreeIds(id: string): Promise<string[]> {
      return assetLinks(await assets.links()).subtree(id);
    },
  };
}

export type AssetDirectory = ReturnType<typeof createAssetDirectory>;
