/**
 * Gradient-boosted regression trees (squared loss) on histogram-binned features: small, pure
 * TypeScript, deterministic for a given seed, and serialisable as plain JSON.
 */

export interface BoostingOptions {
  trees: number;
  depth: number;
  learningRate: number;
  minLeaf: number;
  /** Share of rows each tree sees. */
  subsample: number;
  bins: number;
  seed: number;
}

export const defaultBoosting: BoostingOptions = {
  trees: 300,
  depth: 5,
  learningRate: 0.05,
  minLeaf: 20,
  subsample: 0.7,
  bins: 48,
  seed: 1,
};

/** A tree in flat arrays: node i splits on feature[i] at threshold[i] (≤ goes left), or is a leaf (feature -1). */
export interface Tree {
  feature: number[];
  threshold: number[];
  left: number[];
  right: number[];
  value: number[];
}

export interface BoostedTrees {
  base: number;
  rate: number;
  trees: Tree[];
}

/** Park–Miller style generator: reproducible subsamples. */
export function seededRandom(seed: number): () => number {
  let s = seed % 2147483647 || 1;
  return () => {
    s = (s * 48271) % 2147483647;
    return (s - 1) / 2147483646;
  };
}

function binEdges(column: Float64Array, bins: number): number[] {
  const sorted = Float64Array.from(column).sort();
  const edges: number[] = [];
  for (let b = 1; b < bins; b++) {
    const v = sorted[Math.floor((b * sorted.length) / bins)]!;
    if (edges.length === 0 || v > edges[edges.length - 1]!) edges.push(v);
  }
  return edges;
}

/** x: rows of features. */
export function trainBoostedTrees(
  x: number[][],
  y: number[],
  options: Partial<BoostingOptions> = {},
): BoostedTrees {
  const o = { ...defaultBoosting, ...options };
  const n = y.length;
  const f = x[0]?.length ?? 0;
  const random = seededRandom(o.seed);
  // Binned features, column-major: bin b of a value means edges[b-1] < v ≤ edges[b].
  const edges: number[][] = [];
  const binned: Uint8Array[] = [];
  for (let j = 0; j < f; j++) {
    const col = new Float64Array(n);
    for (let i = 0; i < n; i++) col[i] = x[i]![j]!;
    const e = binEdges(col, o.bins);
    edges.push(e);
    const b = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      let lo = 0;
      let hi = e.length;
      const v = col[i]!;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (v <= e[mid]!) hi = mid;
        else lo = mid + 1;
      }
      b[i] = lo;
    }
    binned.push(b);
  }
  const base = y.reduce((a, v) => a + v, 0) / Math.max(1, n);
  const pred = new Float64Array(n).fill(base);
  const residual = new Float64Array(n);
  const trees: Tree[] = [];
  const histSum = new Float64Array(o.bins + 1);
  const histCount = new Float64Array(o.bins + 1);

  for (let t = 0; t < o.trees; t++) {
    for (let i = 0; i < n; i++) residual[i] = y[i]! - pred[i]!;
    const sample: number[] = [];
    for (let i = 0; i < n; i++) if (random() < o.subsample) sample.push(i);
    const tree: Tree = { feature: [], threshold: [], left: [], right: [], value: [] };
    const grow = (rows: number[], depth: number): number => {
      const id = tree.feature.length;
      let sum = 0;
      for (const i of rows) sum += residual[i]!;
      tree.feature.push(-1);
      tree.threshold.push(0);
      tree.left.push(-1);
      tree.right.push(-1);
      tree.value.push(rows.length > 0 ? sum / rows.length : 0);
      if (depth >= o.depth || rows.length < 2 * o.minLeaf) return id;
      const parentScore = (sum * sum) / rows.length;
      let best = { gain: 1e-9, feature: -1, bin: -1 };
      for (let j = 0; j < f; j++) {
        const nb = edges[j]!.length + 1;
        if (nb < 2) continue;
        histSum.fill(0, 0, nb);
        histCount.fill(0, 0, nb);
        const col = binned[j]!;
        for (const i of rows) {
          const b = col[i]!;
          histSum[b]! += residual[i]!;
          histCount[b]!++;
        }
        let sl = 0;
        let cl = 0;
        for (let b = 0; b < nb - 1; b++) {
          sl += histSum[b]!;
          cl += histCount[b]!;
          const cr = rows.length - cl;
          if (cl < o.minLeaf) continue;
          if (cr < o.minLeaf) break;
          const sr = sum - sl;
          const gain = (sl * sl) / cl + (sr * sr) / cr - parentScore;
          if (gain > best.gain) best = { gain, feature: j, bin: b };
        }
      }
      if (best.feature < 0) return id;
      const col = binned[best.feature]!;
      const left: number[] = [];
      const right: number[] = [];
      for (const i of rows) (col[i]! <= best.bin ? left : right).push(i);
      tree.feature[id] = best.feature;
      tree.threshold[id] = edges[best.feature]![best.bin]!;
      tree.left[id] = grow(left, depth + 1);
      tree.right[id] = grow(right, depth + 1);
      return id;
    };
    grow(sample, 0);
    for (let i = 0; i < n; i++) pred[i] = pred[i]! + o.learningRate * treeValue(tree, x[i]!);
    trees.push(tree);
  }
  return { base, rate: o.learningRate, trees };
}

function treeValue(tree: Tree, row: number[]): number {
  let node = 0;
  while (tree.feature[node]! >= 0)
    node = row[tree.feature[node]!]! <= tree.threshold[node]! ? tree.left[node]! : tree.right[node]!;
  return tree.value[node]!;
}

export function predictBoostedTrees(model: BoostedTrees, row: number[]): number {
  let v = model.base;
  for (const tree of model.trees) v += model.rate * treeValue(tree, row);
  return v;
}
