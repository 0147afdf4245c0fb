import type { RulDataset } from './run-to-failure';

/**
 * Operating-condition normalisation: rows are grouped into regimes by their settings (altitude,
 * speed, load…), and each sensor is standardised within its regime, so a change of regime is
 * not mistaken for wear. With no settings there is one regime (plain standardisation).
 */
export interface ConditionNormaliser {
  settings: number[];
  sensors: number[];
  /** Per setting: the scale distances are measured in. */
  scale: number[];
  centers: number[][];
  /** mean[c][k], std[c][k]: sensor k (index into `sensors`) in regime c. */
  mean: number[][];
  std: number[][];
}

/** Rows closer than this (in units of each setting's scale) belong to the same regime. */
const REGIME_RADIUS = 0.05;
const MAX_REGIMES = 12;
/** A regime with fewer training rows than this borrows the all-regime statistics. */
const MIN_REGIME_ROWS = 30;

function nearest(centers: number[][], scale: number[], point: number[]): { index: number; distance: number } {
  let best = { index: 0, distance: Infinity };
  centers.forEach((c, index) => {
    let d = 0;
    for (let k = 0; k < c.length; k++) d = Math.max(d, Math.abs(point[k]! - c[k]!) / scale[k]!);
    if (d < best.distance) best = { index, distance: d };
  });
  return best;
}

export function fitConditions(data: RulDataset): ConditionNormaliser {
  const settings = data.settings;
  const sensorsAll = data.metrics.map((_, j) => j).filter((j) => !settings.includes(j));
  const rows = data.units.flatMap((u) => u.rows);
  const settingOf = (row: number[]) => settings.map((j) => (Number.isFinite(row[j]!) ? row[j]! : 0));
  const scale = settings.map((j) => {
    let lo = Infinity;
    let hi = -Infinity;
    for (const r of rows) {
      if (!Number.isFinite(r[j]!)) continue;
      lo = Math.min(lo, r[j]!);
      hi = Math.max(hi, r[j]!);
    }
    return Math.max(hi - lo, 1);
  });
  const centers: number[][] = [];
  const counts: number[] = [];
  const regimeOfRow = rows.map((row) => {
    const p = settingOf(row);
    if (settings.length === 0) return 0;
    const near = centers.length > 0 ? nearest(centers, scale, p) : { index: -1, distance: Infinity };
    if (near.distance > REGIME_RADIUS && centers.length < MAX_REGIMES) {
      centers.push(p);
      counts.push(1);
      return centers.length - 1;
    }
    const c = centers[near.index]!;
    counts[near.index]!++;
    for (let k = 0; k < c.length; k++) c[k]! += (p[k]! - c[k]!) / counts[near.index]!;
    return near.index;
  });
  if (centers.length === 0) centers.push([]);
  const stats = (pick: (i: number) => boolean, j: number) => {
    let n = 0;
    let s = 0;
    let ss = 0;
    rows.forEach((r, i) => {
      const v = r[j]!;
      if (!pick(i) || !Number.isFinite(v)) return;
      n++;
      s += v;
      ss += v * v;
    });
    const m = n > 0 ? s / n : 0;
    return { n, mean: m, std: n > 1 ? Math.sqrt(Math.max(0, ss / n - m * m)) : 0 };
  };
  const global = sensorsAll.map((j) => stats(() => true, j));
  const perRegime = centers.map((_, c) => sensorsAll.map((j) => stats((i) => regimeOfRow[i] === c, j)));
  // A sensor that does not vary within any regime carries no information about wear.
  const keep = sensorsAll
    .map((j, k) => ({ j, k }))
    .filter(({ k }) =>
      perRegime.some(
        (reg) => reg[k]!.n >= MIN_REGIME_ROWS && reg[k]!.std > 1e-9 * (1 + Math.abs(reg[k]!.mean)),
      ),
    );
  return {
    settings,
    sensors: keep.map(({ j }) => j),
    scale,
    centers,
    mean: perRegime.map((reg) =>
      keep.map(({ k }) => (reg[k]!.n >= MIN_REGIME_ROWS ? reg[k]! : global[k]!).mean),
    ),
    std: perRegime.map((reg) =>
      keep.map(({ k }) => {
        const s = reg[k]!.n >= MIN_REGIME_ROWS ? reg[k]!.std : global[k]!.std;
        return s > 1e-9 ? s : 1;
      }),
    ),
  };
}

/** A unit's rows as standardised sensors (missing values carry the last known one, or 0). */
export function normaliseRows(norm: ConditionNormaliser, rows: number[][]): number[][] {
  const last = norm.sensors.map(() => 0);
  return rows.map((row) => {
    const regime =
      norm.settings.length === 0
        ? 0
        : nearest(
            norm.centers,
            norm.scale,
            norm.settings.map((j) => (Number.isFinite(row[j]!) ? row[j]! : 0)),
          ).index;
    return norm.sensors.map((j, k) => {
      const v = row[j]!;
      if (Number.isFinite(v)) last[k] = (v - norm.mean[regime]![k]!) / norm.std[regime]![k]!;
      return last[k]!;
    });
  });
}
