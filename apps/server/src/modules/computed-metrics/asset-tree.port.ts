/**
 * What computed metrics need to know of the asset hierarchy (the assets module answers it).
 * Kept this small so the evaluator can be tested and reasoned about without the whole module.
 */
export interface AssetTreePort {
  /** The asset's name; throws AppError('not_found') for an unknown asset. */
  get(assetId: string): Promise<{ id: string; name: string }>;
  /** The ids of the asset's direct children. */
  children(assetId: string): Promise<string[]>;
  /** The ids of every device attached anywhere in the asset's subtree. */
  subtreeDevices(assetId: string): Promise<string[]>;
  /** The asset a device is attached to and that asset's ancestors, nearest first ([] when unattached). */
  assetsOfDevice(deviceId: string): Promise<string[]>;
}
