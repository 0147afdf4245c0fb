import type { FleetRul } from '@dtwin/contracts/predictions';
import { at, ev, span } from './problem-text';
import type { Problem, RuleInputs } from './problem';
import { timeframeOf } from './recommendation-score';

const HOUR = 3_600_000;
/** As for the per-metric predictions: a recommendation from a 30-day probability of 0.2 on. */
const MIN_P30 = 0.2;

/**
 * The fleet model's RUL as a problem, with the very probabilities the API, the report and the
 * alert rule read: emergency within 8 h, maintenance within 3 days, preventive beyond.
 */
export function fleetFailure(f: FleetRul, i: RuleInputs, machine: boolean): Problem | null {
  const p = f.failure_probability;
  if (f.rul_h > 0 && p['30d'] < MIN_P30) return null;
  const basis = `learnt from ${f.trained_on} recorded run-to-failure histories of this model (version ${f.model_version})`;
  const evidence = [
    ev(
      'prediction',
      null,
      `Fleet model: RUL ${span(f.rul_h)} (${span(f.rul_low_h)}–${span(f.rul_high_h)}), ${basis}`,
      f.rul_h,
    ),
  ];
  const type: Problem['type'] = f.rul_h <= 8 ? 'emergency' : f.rul_h <= 72 ? 'maintenance' : 'preventive';
  const due = i.now + f.rul_low_h * HOUR;
  return {
    key: 'failure:fleet',
    metric: null,
    type,
    title:
      f.rul_h === 0
        ? `${i.device.name} is recorded as failed`
        : `${i.device.name} is expected to fail in about ${span(f.rul_h)}`,
    action:
      f.rul_h === 0
        ? `Repair ${i.device.name} and record the repair, so its new life is predicted from then.`
        : `${machine ? `Inspect and service ${i.device.name}` : `Check ${i.device.name}`} before ${at(due)}: similar machines failed after this pattern of readings; the failure is expected around ${at(i.now + f.rul_h * HOUR)} (between ${at(due)} and ${at(i.now + f.rul_high_h * HOUR)}).`,
    urgency: f.rul_h === 0 ? 1 : Math.max(p['24h'], 0.75 * p['7d'], 0.5 * p['30d']),
    impact: machine ? 0.9 : 0.6,
    feasibility: type === 'emergency' ? 0.6 : type === 'maintenance' ? 0.7 : 0.8,
    costEffectiveness: type === 'emergency' ? 0.7 : type === 'maintenance' ? 0.8 : 0.9,
    riskReduction: 0.9,
    timeframe: f.rul_h === 0 ? 'immediate' : timeframeOf(f.rul_low_h),
    dueAt: f.rul_h === 0 ? i.now : due,
    evidence,
    rulH: f.rul_h,
  };
}
