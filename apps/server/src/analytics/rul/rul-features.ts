/**
 * Features of a unit's history up to a moment: per standardised sensor, smoothed levels over a
 * few recent windows and least-squares slopes over several horizons; the same for the health
 * index (a learnt linear blend of the sensors); and the unit's age. Computed for every moment
 * at once with prefix sums, so training on every cut of every unit stays fast.
 */

export const LEVEL_WINDOWS = [5, 15, 30] as const;
export const SLOPE_WINDOWS = [15, 30, 60] as const;

class Prefix {
  readonly t: Float64Array;
  readonly tt: Float64Array;
  constructor(times: number[]) {
    const n = times.length;
    this.t = new Float64Array(n + 1);
    this.tt = new Float64Array(n + 1);
    const t0 = times[0] ?? 0;
    for (let i = 0; i < n; i++) {
      const t = times[i]! - t0;
      this.t[i + 1] = this.t[i]! + t;
      this.tt[i + 1] = this.tt[i]! + t * t;
    }
  }
}

class SeriesStats {
  readonly y: Float64Array;
  readonly ty: Float64Array;
  constructor(
    values: ArrayLike<number>,
    times: number[],
    private readonly p: Prefix,
  ) {
    const n = values.length;
    this.y = new Float64Array(n + 1);
    this.ty = new Float64Array(n + 1);
    const t0 = times[0] ?? 0;
    for (let i = 0; i < n; i++) {
      this.y[i + 1] = this.y[i]! + values[i]!;
      this.ty[i + 1] = this.ty[i]! + (times[i]! - t0) * values[i]!;
    }
  }
  /** Mean of rows (end − w, end]. */
  level(end: number, w: number): number {
    const a = Math.max(0, end - w);
    return (this.y[end]! - this.y[a]!) / (end - a);
  }
  /** Least-squares slope per time unit over rows (end − w, end]; 0 with fewer than 3 rows. */
  slope(end: number, w: number): number {
    const a = Math.max(0, end - w);
    const m = end - a;
    if (m < 3) return 0;
    const st = this.p.t[end]! - this.p.t[a]!;
    const stt = this.p.tt[end]! - this.p.tt[a]!;
    const sy = this.y[end]! - this.y[a]!;
    const sty = this.ty[end]! - this.ty[a]!;
    const den = m * stt - st * st;
    return den > 1e-12 ? (m * sty - st * sy) / den : 0;
  }
}

/** The health index of each row: `bias + Σ w_k z_k`. */
export function healthIndex(z: number[][], weights: number[], bias: number): number[] {
  return z.map((row) => row.reduce((a, v, k) => a + v * weights[k]!, bias));
}

export function featureCount(sensors: number): number {
  const perSeries = LEVEL_WINDOWS.length + SLOPE_WINDOWS.length;
  return sensors * perSeries + perSeries + 2;
}

/**
 * Feature rows at the given row indexes (a history "cut" after that row). `z`: standardised
 * sensors, `hi`: health index per row, `times`: the rows' times.
 */
export function featuresAt(z: number[][], hi: number[], times: number[], at: number[]): number[][] {
  const d = z[0]?.length ?? 0;
  const p = new Prefix(times);
  const series: SeriesStats[] = [];
  for (let k = 0; k < d; k++)
    series.push(
      new SeriesStats(
        z.map((r) => r[k]!),
        times,
        p,
      ),
    );
  const health = new SeriesStats(hi, times, p);
  return at.map((i) => {
    const end = i + 1;
    const row: number[] = [];
    for (const s of [...series, health]) {
      for (const w of LEVEL_WINDOWS) row.push(s.level(end, w));
      for (const w of SLOPE_WINDOWS) row.push(s.slope(end, w));
    }
    row.push(health.slope(end, end));
    row.push(times[i]! - times[0]!);
    return row;
  });
}
