import type { MetricPrediction } from '@dtwin/contracts/predictions';
import { adviceFor } from './metric-advice';
import { at, capital, ev, fmt, related, span } from './problem-text';
import type { Problem, RuleInputs } from './problem';
import { timeframeOf } from './recommendation-score';

const HOUR = 3_600_000;
/** A prediction becomes a recommendation from this confidence and 30-day probability on. */
const MIN_CONFIDENCE = 0.5;
const MIN_P30 = 0.2;

/**
 * A confident prediction (or a metric already past its limit) as a problem: emergency within 8 h,
 * maintenance within 3 days, preventive beyond; urgency is the probability of failing soon
 * (max of P24h, 0.75·P7d, 0.5·P30d); the action names the metric, the limit and the times.
 */
export function failure(p: MetricPrediction, i: RuleInputs, machine: boolean): Problem | null {
  const rul = p.rul_h;
  if (rul === null || p.confidence < MIN_CONFIDENCE || (rul > 0 && p.failure_probability['30d'] < MIN_P30))
    return null;
  const label = i.model.metrics.find((m) => m.name === p.metric)?.label ?? p.metric;
  const unit = p.unit ? ` ${p.unit}` : '';
  const todo = adviceFor(p.metric, p.direction);
  const evidence = [ev('prediction', p.metric, p.evidence.summary, rul), ...related(i.patterns, p.metric)];
  if (rul === 0) {
    return {
      key: `failure:${p.metric}`,
      metric: p.metric,
      type: 'emergency',
      title: `${label} is past its critical limit on ${i.device.name}`,
      action: `${machine ? `Stop ${i.device.name} and inspect it now` : `Act now on what ${i.device.name} watches`}: ${p.metric} is ${fmt(p.current ?? p.level ?? p.limit)}${unit}, past its critical limit of ${fmt(p.limit)}${unit}. Then ${todo}.`,
      urgency: 1,
      impact: machine ? 0.95 : 0.7,
      feasibility: 0.6,
      costEffectiveness: 0.7,
      riskReduction: 1,
      timeframe: 'immediate',
      dueAt: i.now,
      evidence,
      rulH: 0,
    };
  }
  const low = p.rul_low_h ?? rul;
  const type: Problem['type'] = rul <= 8 ? 'emergency' : rul <= 72 ? 'maintenance' : 'preventive';
  const range =
    p.rul_high_h === null
      ? `no later than that is certain`
      : `between ${at(i.now + low * HOUR)} and ${at(i.now + p.rul_high_h * HOUR)}`;
  const slope =
    p.slope_per_h === null
      ? ''
      : `, ${p.direction === 'high' ? 'rising' : 'falling'} ${fmt(Math.abs(p.slope_per_h))}${unit} per hour`;
  return {
    key: `failure:${p.metric}`,
    metric: p.metric,
    type,
    title: `${label} will reach its critical limit in about ${span(rul)}`,
    action:
      `${capital(todo)} on ${i.device.name} before ${at(i.now + low * HOUR)}: ${p.metric} is ${fmt(p.level ?? p.current ?? 0)}${unit}${slope}, ` +
      `and is expected to reach ${fmt(p.limit)}${unit} around ${at(i.now + rul * HOUR)} (${range}).` +
      (type === 'emergency' ? ' Plan the stop now.' : ' Plan the work for the next stop before then.'),
    urgency: Math.max(
      p.failure_probability['24h'],
      0.75 * p.failure_probability['7d'],
      0.5 * p.failure_probability['30d'],
    ),
    impact: machine ? 0.9 : 0.6,
    feasibility: type === 'emergency' ? 0.6 : type === 'maintenance' ? 0.7 : 0.8,
    costEffectiveness: type === 'emergency' ? 0.7 : type === 'maintenance' ? 0.8 : 0.9,
    riskReduction: 0.9,
    timeframe: timeframeOf(low),
    dueAt: i.now + low * HOUR,
    evidence,
    rulH: rul,
    ...(p.evidence.onset ? { onset: Date.parse(p.evidence.onset) } : {}),
  };
}
