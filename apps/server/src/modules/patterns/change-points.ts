import { median, type Point } from '../../analytics/robust-stats';

export interface ChangePoint {
  /** Time of the first point of the new segment. */
  t: number;
  before: number;
  after: number;
  shiftSigma: number;
}

/** Noise from successive differences (robust to level shifts): MAD(Δ)·1.4826/√2. */
export function diffNoise(values: readonly number[]): number {
  if (values.length < 3) return 0;
  const diffs = values.slice(1).map((v, i) => v - (values[i] ?? v));
  const m = median(diffs);
  return (1.4826 * median(diffs.map((d) => Math.abs(d - m)))) / Math.SQRT2;
}

/**
 * Mean shifts by binary segmentation: split a segment where the drop in squared error is largest,
 * if it beats a BIC penalty (3·σ²·ln n) and the two means differ by at least `minShiftSigma`
 * noise units; recurse. Segments keep at least `minSegment` points. O(n log n)-ish with prefix sums.
 */
export function changePoints(
  points: readonly Point[],
  { minSegment = 6, maxPoints = 5, minShiftSigma = 3 } = {},
): ChangePoint[] {
  const n = points.length;
  if (n < 2 * minSegment) return [];
  const ys = points.map((p) => p.y);
  const sigma = diffNoise(ys);
  if (!(sigma > 0)) return [];
  const prefix = [0];
  const prefix2 = [0];
  for (const y of ys) {
    prefix.push((prefix.at(-1) ?? 0) + y);
    prefix2.push((prefix2.at(-1) ?? 0) + y * y);
  }
  const cost = (a: number, b: number) => {
    const s = (prefix[b] ?? 0) - (prefix[a] ?? 0);
    return (prefix2[b] ?? 0) - (prefix2[a] ?? 0) - (s * s) / (b - a);
  };
  const mean = (a: number, b: number) => ((prefix[b] ?? 0) - (prefix[a] ?? 0)) / (b - a);
  const penalty = 3 * sigma * sigma * Math.log(n);
  const found: number[] = [];
  const segments: Array<[number, number]> = [[0, n]];
  while (segments.length > 0 && found.length < maxPoints) {
    let best: { gain: number; at: number; seg: number } | null = null;
    segments.forEach(([a, b], seg) => {
      for (let k = a + minSegment; k <= b - minSegment; k++) {
        const gain = cost(a, b) - cost(a, k) - cost(k, b);
        if (Math.abs(mean(k, b) - mean(a, k)) < minShiftSigma * sigma) continue;
        if (!best || gain > best.gain) best = { gain, at: k, seg };
      }
    });
    const chosen = best as { gain: number; at: number; seg: number } | null;
    if (!chosen || chosen.gain < penalty) break;
    const [a, b] = segments[chosen.seg] ?? [0, n];
    segments.splice(chosen.seg, 1, [a, chosen.at], [chosen.at, b]);
    found.push(chosen.at);
  }
  found.sort((x, y) => x - y);
  const bounds = [0, ...found, n];
  return found.map((k, i) => {
    const before = mean(bounds[i] ?? 0, k);
    const after = mean(k, bounds[i + 2] ?? n);
    return { t: points[k]?.t ?? 0, before, after, shiftSigma: (after - before) / sigma };
  });
}
