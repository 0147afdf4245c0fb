import type { Recommendation } from '@dtwin/contracts/recommendations';
import type { Problem } from './problem';
import { compositeScore, priorityOf } from './recommendation-score';
import type { RecommendationRow } from './recommendations.repository';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** A stored row in the API's shape. */
export function toRecommendation(r: RecommendationRow): Recommendation {
  return {
    id: Number(r.id),
    device_id: r.device_id,
    key: r.key,
    type: r.type as Recommendation['type'],
    title: r.title,
    action: r.action,
    urgency: r.urgency,
    impact: r.impact,
    feasibility: r.feasibility,
    cost_effectiveness: r.cost_effectiveness,
    risk_reduction: r.risk_reduction,
    score: r.score,
    priority: r.priority as Recommendation['priority'],
    timeframe: r.timeframe as Recommendation['timeframe'],
    due_at: iso(r.due_at),
    evidence: JSON.parse(r.evidence) as Recommendation['evidence'],
    status: r.status as Recommendation['status'],
    created_at: new Date(r.created_at).toISOString(),
    updated_at: new Date(r.updated_at).toISOString(),
    status_changed_at: iso(r.status_changed_at),
    status_changed_by: r.status_changed_by,
    resolution: r.resolution,
  };
}

const r3 = (v: number) => Math.round(Math.min(1, Math.max(0, v)) * 1000) / 1000;
/** The stored columns of a problem: factors rounded, the composite score and its priority. */
export function fieldsOf(p: Problem) {
  const score = compositeScore(p);
  return {
    type: p.type,
    title: p.title,
    action: p.action,
    urgency: r3(p.urgency),
    impact: r3(p.impact),
    feasibility: r3(p.feasibility),
    cost_effectiveness: r3(p.costEffectiveness),
    risk_reduction: r3(p.riskReduction),
    score,
    priority: priorityOf(score),
    timeframe: p.timeframe,
    due_at: p.dueAt === null ? null : Math.round(p.dueAt),
    evidence: JSON.stringify(p.evidence),
  };
}
