import {
  healthComponentNames,
  type HealthComponentName,
  type HealthComponents,
  type HealthStatus,
} from '@dtwin/contracts/health';
import {
  efficiency,
  maintenance,
  performance,
  reliability,
  safety,
  type ComponentResult,
  type MetricWindow,
} from './health-components';

export type HealthWeights = Record<HealthComponentName, number>;

export const defaultHealthWeights: HealthWeights = {
  performance: 0.3,
  reliability: 0.25,
  efficiency: 0.2,
  safety: 0.15,
  maintenance: 0.1,
};

/** excellent ≥ 95, good ≥ 80, warning ≥ 60, critical ≥ 30, failure below. */
export function statusOf(score: number): HealthStatus {
  if (score >= 95) return 'excellent';
  if (score >= 80) return 'good';
  if (score >= 60) return 'warning';
  if (score >= 30) return 'critical';
  return 'failure';
}

export interface HealthInputs {
  now: number;
  from: number;
  intervalMs: number;
  windows: readonly MetricWindow[];
  anomaly: { rate: number; scored: number } | null;
  degradation: { p7d: number; metric: string | null; rulH: number | null } | null;
  lastMaintenanceAt: number | null;
  weights: HealthWeights;
}

const round1 = (v: number) => Math.round(v * 10) / 10;

/**
 * The five components and their weighted mean. A component that does not apply (no efficiency
 * metric, no prediction and no maintenance date, no readings) is left out and the remaining
 * weights are scaled up to sum to 1, so the score stays on the same 0–100 scale.
 * `efficiency` is judged by its own component, not again by performance and safety.
 */
export function computeHealth(input: HealthInputs): {
  score: number;
  status: HealthStatus;
  components: HealthComponents;
} {
  const process = input.windows.filter((w) => w.metric.name !== 'efficiency');
  const results: Record<HealthComponentName, ComponentResult> = {
    performance: performance(process, input.now),
    reliability: reliability({
      windows: input.windows,
      from: input.from,
      now: input.now,
      intervalMs: input.intervalMs,
      anomaly: input.anomaly,
    }),
    efficiency: efficiency(
      input.windows.find((w) => w.metric.name === 'efficiency'),
      input.now,
    ),
    safety: safety(process),
    maintenance: maintenance({
      degradation: input.degradation,
      lastMaintenanceAt: input.lastMaintenanceAt,
      now: input.now,
    }),
  };
  const applicable = healthComponentNames.filter((c) => results[c].score !== null);
  const total = applicable.reduce((a, c) => a + input.weights[c], 0);
  let score = 0;
  for (const c of applicable) score += ((results[c].score ?? 0) * input.weights[c]) / (total || 1);
  score = Math.min(100, Math.max(0, round1(score)));
  const components = Object.fromEntries(
    healthComponentNames.map((c) => {
      const r = results[c];
      return [
        c,
        {
          score: r.score === null ? null : round1(Math.min(100, Math.max(0, r.score))),
          weight: input.weights[c],
          applied_weight:
            r.score === null || total === 0 ? 0 : Math.round((input.weights[c] / total) * 1000) / 1000,
          summary: r.summary,
          drivers: r.drivers,
        },
      ];
    }),
  ) as HealthComponents;
  return { score, status: statusOf(score), components };
}
