import type { DevicePatterns } from '@dtwin/contracts/patterns';
import type { RecommendationEvidence } from '@dtwin/contracts/recommendations';

/** How recommendations put numbers, times and evidence into words. */
export const fmt = (v: number) =>
  Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 10 ? v.toFixed(1) : v.toFixed(2);
export const at = (ms: number) => `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
export const span = (h: number) =>
  h < 1
    ? `${Math.max(1, Math.round(h * 60))} min`
    : h < 48
      ? `${h.toFixed(1)} h`
      : `${(h / 24).toFixed(1)} days`;
export const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
export const ev = (
  source: RecommendationEvidence['source'],
  metric: string | null,
  detail: string,
  value: number | null = null,
): RecommendationEvidence => ({ source, metric, detail, value });

export function related(patterns: DevicePatterns | null, metric: string): RecommendationEvidence[] {
  if (!patterns) return [];
  const out: RecommendationEvidence[] = [];
  for (const c of patterns.correlations) {
    if (c.strength !== 'strong' || (c.a !== metric && c.b !== metric)) continue;
    out.push(
      ev(
        'pattern',
        metric,
        `${metric} moves with ${c.a === metric ? c.b : c.a} (r = ${c.r.toFixed(2)} over ${c.n} min)`,
        c.r,
      ),
    );
    if (out.length === 2) break;
  }
  const shift = patterns.metrics.find((m) => m.metric === metric)?.change_points.at(-1);
  if (shift)
    out.push(
      ev(
        'pattern',
        metric,
        `${metric} stepped from ${fmt(shift.before)} to ${fmt(shift.after)} around ${at(Date.parse(shift.at))}`,
        shift.after - shift.before,
      ),
    );
  return out;
}
