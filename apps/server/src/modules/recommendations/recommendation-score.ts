import type { Recommendation } from '@dtwin/contracts/recommendations';

export interface Factors {
  urgency: number;
  impact: number;
  feasibility: number;
  costEffectiveness: number;
  riskReduction: number;
}

const clamp01 = (v: number) => Math.min(1, Math.max(0, v));

/** 0.30 urgency + 0.25 impact + 0.20 feasibility + 0.15 cost-effectiveness + 0.10 risk reduction. */
export function compositeScore(f: Factors): number {
  const s =
    0.3 * clamp01(f.urgency) +
    0.25 * clamp01(f.impact) +
    0.2 * clamp01(f.feasibility) +
    0.15 * clamp01(f.costEffectiveness) +
    0.1 * clamp01(f.riskReduction);
  return Math.round(s * 1000) / 1000;
}

/** critical ≥ 0.8, high ≥ 0.7, medium ≥ 0.5, low below. */
export function priorityOf(score: number): Recommendation['priority'] {
  if (score >= 0.8) return 'critical';
  if (score >= 0.7) return 'high';
  if (score >= 0.5) return 'medium';
  return 'low';
}

/** The timeframe matching a deadline in hours from now. */
export function timeframeOf(hours: number): Recommendation['timeframe'] {
  if (hours <= 4) return 'immediate';
  if (hours <= 24) return '24h';
  if (hours <= 168) return '7d';
  return '30d';
}
