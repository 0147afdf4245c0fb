/**
 * Run-to-failure histories as the RUL model sees them: per unit, its rows in time order, each
 * row the values of the same metrics. Settings (operating conditions) are metrics too, named in
 * `settings`, so that sensors can be normalised per operating regime.
 */
export interface UnitHistory {
  unit: number;
  /** Time of each row, ascending (cycles, or hours on the server). */
  times: number[];
  /** rows[i][j]: metric j at times[i]; NaN when missing. */
  rows: number[][];
}

export interface RulDataset {
  metrics: string[];
  /** Indexes in `metrics` of the operating settings (empty when unknown). */
  settings: number[];
  units: UnitHistory[];
}

/** Bounds on what a file may hold, so a huge or hostile file fails clearly instead of exhausting memory. */
export const RUL_LIMITS = { maxRows: 2_000_000, maxMetrics: 200, maxUnits: 100_000 } as const;
