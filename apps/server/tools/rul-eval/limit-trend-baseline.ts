import type { RulDataset, UnitHistory } from '../../src/analytics/rul/run-to-failure';
import { fitCurve, remainingLife } from '../../src/modules/predictions/degradation-fit';

const HOUR = 3_600_000;
/** The limit-trend predictor looks at no more than this many recent points (as on the server). */
const MAX_POINTS = 120;

/**
 * The per-metric `limit_trend` predictor on run-to-failure data: C-MAPSS has no critical
 * limits, so each sensor that moves with wear gets one learnt from the training fleet (the
 * median of its last-5-row means at failure, on the side it drifts to). A cut history's RUL is the
 * earliest projected crossing over those sensors (a cycle is taken as an hour); with no crossing
 * in sight it answers `cap` — generous, since the product would then say nothing.
 */
export function limitTrendLearner(cap: number) {
  return (train: RulDataset) => {
    const d = train.metrics.length;
    const limits: { j: number; limit: number; direction: 'high' | 'low' }[] = [];
    for (let j = 0; j < d; j++) {
      if (train.settings.includes(j)) continue;
      const start: number[] = [];
      const end: number[] = [];
      for (const u of train.units) {
        const n = u.rows.length;
        const mean = (a: number, b: number) => {
          let s = 0;
          for (let i = a; i < b; i++) s += u.rows[i]![j]!;
          return s / (b - a);
        };
        start.push(mean(0, Math.min(n, 20)));
        end.push(mean(Math.max(0, n - 5), n));
      }
      const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!;
      const spread = (v: number[]) => {
        const m = v.reduce((a, x) => a + x, 0) / v.length;
        return Math.sqrt(v.reduce((a, x) => a + (x - m) ** 2, 0) / v.length);
      };
      const shift = median(end) - median(start);
      // Only sensors whose value at failure stands clearly apart from their value when new.
      if (Math.abs(shift) < 2 * spread(start) || spread(start) === 0) continue;
      limits.push({ j, limit: median(end), direction: shift > 0 ? 'high' : 'low' });
    }
    return (unit: UnitHistory): number => {
      const n = unit.rows.length;
      const from = Math.max(0, n - MAX_POINTS);
      const now = unit.times[n - 1]! * HOUR;
      let best = cap;
      for (const { j, limit, direction } of limits) {
        const points = [];
        for (let i = from; i < n; i++) points.push({ t: unit.times[i]! * HOUR, y: unit.rows[i]![j]! });
        const fit = fitCurve(points, now);
        if (!fit) continue;
        const life = remainingLife(fit, limit, direction);
        if (life.rulH !== null) best = Math.min(best, life.rulH);
      }
      return Math.max(0, Math.min(cap, best));
    };
  };
}

/** "Mean life minus age": what knowing nothing but the fleet's lifetimes gives. */
export function meanLifeLearner(train: RulDataset) {
  const meanLife =
    train.units.reduce((a, u) => a + (u.times[u.times.length - 1]! - u.times[0]!), 0) / train.units.length;
  return (unit: UnitHistory) => Math.max(0, meanLife - (unit.times[unit.times.length - 1]! - unit.times[0]!));
}
