import type { SelectOption } from '../../components/Select';

/** What the hierarchy helpers need of an asset: the flat list `GET /api/assets` answers. */
export interface AssetLink {
  id: string;
  name: string;
  type: string;
  parent_id: string | null;
}

export interface ForestNode<A extends AssetLink = AssetLink> {
  asset: A;
  depth: number;
  children: ForestNode<A>[];
}

const byName = (a: AssetLink, b: AssetLink) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id);

/**
 * The flat list as trees, children sorted by name. An asset whose parent is not in the list is a
 * root (the list may be filtered); a parent loop, which the server refuses, cannot hang the page.
 */
export function buildForest<A extends AssetLink>(assets: readonly A[]): ForestNode<A>[] {
  const ids = new Set(assets.map((a) => a.id));
  const childrenOf = new Map<string | null, A[]>();
  for (const asset of assets) {
    const parent = asset.parent_id !== null && ids.has(asset.parent_id) ? asset.parent_id : null;
    childrenOf.set(parent, [...(childrenOf.get(parent) ?? []), asset]);
  }
  const seen = new Set<string>();
  const grow = (asset: A, depth: number): ForestNode<A> => {
    seen.add(asset.id);
    const children = (childrenOf.get(asset.id) ?? []).filter((c) => !seen.has(c.id)).sort(byName);
    return { asset, depth, children: children.map((c) => grow(c, depth + 1)) };
  };
  return [...(childrenOf.get(null) ?? [])].sort(byName).map((root) => grow(root, 0));
}

/** Every node, depth first, parents before their children. */
export function flatten<A extends AssetLink>(forest: readonly ForestNode<A>[]): ForestNode<A>[] {
  return forest.flatMap((node) => [node, ...flatten(node.children)]);
}

/** The chain from the root down to `id`'s parent (empty for a root or an unknown id). */
export function ancestorsOf<A extends AssetLink>(assets: readonly A[], id: string): A[] {
  const byId = new Map(assets.map((a) => [a.id, a]));
  const chain: A[] = [];
  let parent = byId.get(id)?.parent_id ?? null;
  while (parent !== null && !chain.some((a) => a.id === parent)) {
    const next = byId.get(parent);
    if (!next) break;
    chain.unshift(next);
    parent = next.parent_id;
  }
  return chain;
}

/** `id` and every asset below it. */
export function subtreeIds(assets: readonly AssetLink[], id: string): Set<string> {
  const found = new Set([id]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const a of assets)
      if (a.parent_id !== null && found.has(a.parent_id) && !found.has(a.id)) {
        found.add(a.id);
        grew = true;
      }
  }
  return found;
}

/**
 * Options for an asset picker, indented by depth so the hierarchy reads in a plain `<select>`;
 * `exclude` leaves out an asset and its subtree (a new parent cannot be one of its own children).
 */
export function assetOptions(
  assets: readonly AssetLink[],
  first: SelectOption | null,
  exclude?: string,
): SelectOption[] {
  const skip = exclude ? subtreeIds(assets, exclude) : new Set<string>();
  const options = flatten(buildForest(assets))
    .filter((node) => !skip.has(node.asset.id))
    .map((node) => ({
      value: node.asset.id,
      label: `${'\u00a0\u00a0\u00a0'.repeat(node.depth)}${node.asset.name} (${node.asset.type})`,
    }));
  return first ? [first, ...options] : options;
}
