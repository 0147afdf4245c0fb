/** The hierarchy as parent links, walked in memory (the plant holds at most a few thousand assets). */
export interface AssetLink {
  id: string;
  parent_id: string | null;
}

export interface AssetLinks {
  has(id: string): boolean;
  parentOf(id: string): string | null | undefined;
  childrenOf(id: string): string[];
  /** The asset and every asset below it, the asset first, parents before children. */
  subtree(id: string): string[];
  /** The asset's ancestors, nearest first. */
  ancestors(id: string): string[];
  /** Levels from the asset down to its deepest descendant (a leaf is 1). */
  height(id: string): number;
}

export function assetLinks(rows: readonly AssetLink[]): AssetLinks {
  const parents = new Map<string, string | null>();
  const children = new Map<string, string[]>();
  for (const row of rows) {
    parents.set(row.id, row.parent_id);
    if (row.parent_id === null) continue;
    const list = children.get(row.parent_id);
    if (list) list.push(row.id);
    else children.set(row.parent_id, [row.id]);
  }
  const childrenOf = (id: string) => children.get(id) ?? [];

  return {
    has: (id) => parents.has(id),
    parentOf: (id) => parents.get(id),
    childrenOf,
    subtree(id) {
      if (!parents.has(id)) return [];
      const out: string[] = [];
      const seen = new Set<string>();
      const queue = [id];
      // `seen` guards against a cycle written behind the service's back.
      for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
        if (seen.has(next)) continue;
        seen.add(next);
        out.push(next);
        queue.push(...childrenOf(next));
      }
      return out;
    },
    ancestors(id) {
      const out: string[] = [];
      const seen = new Set([id]);
      for (let p = parents.get(id); p != null && !seen.has(p); p = parents.get(p)) {
        seen.add(p);
        out.push(p);
      }
      return out;
    },
    height(id) {
      let best = 0;
      const stack: Array<[string, number]> = [[id, 1]];
      const seen = new Set<string>();
      for (let top = stack.pop(); top; top = stack.pop()) {
        const [node, level] = top;
        if (seen.has(node)) continue;
        seen.add(node);
        best = Math.max(best, level);
        for (const c of childrenOf(node)) stack.push([c, level + 1]);
      }
      return best;
    },
  };
}
