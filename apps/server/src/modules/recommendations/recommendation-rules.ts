import type { DeviceHealth, HealthDriver } from '@dtwin/contracts/health';
import { failure } from './failure-problem';
import { adviceFor } from './metric-advice';
import { capital, ev, fmt, related } from './problem-text';
import type { Problem, RuleInputs } from './problem';
import { fleetFailure } from './fleet-failure-problem';

export type { ActiveAlert, Problem, RuleInputs } from './problem';

const HOUR = 3_600_000;
/** Signals the analytics derive themselves: their alerts restate problems found here. */
const DERIVED = new Set(['anomaly_score', 'health_score', 'failure_probability', 'offline']);

const driver = (
  h: DeviceHealth | null,
  component: 'performance' | 'safety' | 'reliability' | 'maintenance' | 'efficiency',
  kind: HealthDriver['kind'],
  metric?: string,
) =>
  h?.components[component].drivers.find(
    (d) => d.kind === kind && (metric === undefined || d.metric === metric),
  );

/**
 * The problems a device has now, each with a stable key (one recommendation per device and key):
 * failure:<metric> (a confident prediction, or past the critical limit), range:<metric> (outside
 * its normal range now and for a good part of the hour), efficiency, data_gaps, service_due,
 * alert:<metric> (a critical or warning alert on a metric nothing else covers). A high anomaly
 * rate is added as evidence to the others, never a recommendation of its own.
 */
export function detectProblems(i: RuleInputs): Problem[] {
  const machine = i.model.category === 'machine';
  const problems: Problem[] = [];
  for (const p of i.predictions) {
    const f = failure(p, i, machine);
    // The same metric's out-of-range or alert recommendation, if one is live, becomes this one.
    if (f) problems.push({ ...f, absorbedKeys: [`range:${p.metric}`, `alert:${p.metric}`] });
  }
  const fleet = i.fleet ? fleetFailure(i.fleet, i, machine) : null;
  if (fleet) problems.push(fleet);
  const covered = () => new Set(problems.map((p) => p.metric));
  const h = i.health;
  const windowMin = h ? (Date.parse(h.window.to) - Date.parse(h.window.from)) / 60_000 : 60;

  for (const m of i.model.metrics) {
    if (m.name === 'efficiency' || covered().has(m.name)) continue;
    const level = driver(h, 'performance', 'level', m.name);
    const exposure = driver(h, 'safety', 'exposure', m.name);
    // Outside its normal range now, and for at least a fifth of the window (exposure ≤ 90).
    if (!level || !exposure || level.score >= 100 || exposure.score > 90) continue;
    const high = (level.value ?? 0) > m.normal.max ? 'high' : 'low';
    problems.push({
      key: `range:${m.name}`,
      metric: m.name,
      type: 'operational',
      title: `${m.label} is outside its normal range on ${i.device.name}`,
      action: `Bring ${m.name} back within ${fmt(m.normal.min)}–${fmt(m.normal.max)} ${m.unit} within the next 24 hours: ${level.detail}; ${exposure.detail}. ${capital(adviceFor(m.name, high))}.`,
      urgency: 0.3 + 0.6 * (1 - level.score / 100),
      impact: machine ? 0.6 : 0.5,
      feasibility: 0.9,
      costEffectiveness: 0.8,
      riskReduction: 0.6,
      timeframe: '24h',
      dueAt: i.now + 24 * HOUR,
      evidence: [
        ev('health', m.name, level.detail, level.score),
        ev('health', m.name, exposure.detail, exposure.score),
        ...related(i.patterns, m.name),
      ],
      outsideMin: windowMin * (exposure.value ?? 0),
      absorbedKeys: [`failure:${m.name}`, `alert:${m.name}`],
    });
  }

  const eff = h?.components.efficiency;
  if (eff && eff.score !== null && eff.score <= 90 && !covered().has('efficiency')) {
    const d = eff.drivers[0];
    problems.push({
      key: 'efficiency',
      metric: 'efficiency',
      type: 'optimization',
      title: `Efficiency of ${i.device.name} is below its normal range`,
      action: `Restore efficiency within the next 7 days: ${d?.detail ?? eff.summary}. ${capital(adviceFor('efficiency', 'low'))}.`,
      urgency: 0.2 + 0.5 * (1 - eff.score / 100),
      impact: 0.5,
      feasibility: 0.7,
      costEffectiveness: 0.9,
      riskReduction: 0.3,
      timeframe: '7d',
      dueAt: i.now + 168 * HOUR,
      evidence: [
        ev('health', 'efficiency', d?.detail ?? eff.summary, eff.score),
        ...related(i.patterns, 'efficiency'),
      ],
    });
  }

  const gaps = driver(h, 'reliability', 'data');
  if (gaps && gaps.score < 80) {
    problems.push({
      key: 'data_gaps',
      metric: null,
      type: 'operational',
      title: `${i.device.name} is missing readings`,
      action: `Check the connection of ${i.device.name} today (power, network, gateway, and its sample_interval_s setting): it ${gaps.detail}.`,
      urgency: 0.4 + 0.4 * (1 - gaps.score / 100),
      impact: 0.4,
      feasibility: 0.9,
      costEffectiveness: 0.9,
      riskReduction: 0.5,
      timeframe: '24h',
      dueAt: i.now + 24 * HOUR,
      evidence: [ev('health', null, gaps.detail, gaps.score)],
    });
  }

  // Anomalies alone make an alert (the anomaly rule), not a recommendation: there is nothing
  // specific to do yet. They are evidence for the problems found above.
  const anomalies = driver(h, 'reliability', 'anomaly');
  if (anomalies) {
    for (const p of problems)
      if (p.metric !== null)
        p.evidence.push(
          ev('health', null, `the anomaly detector: ${anomalies.detail} over the last hour`, anomalies.value),
        );
  }

  const service = driver(h, 'maintenance', 'service');
  if (service) {
    const soon = service.score < 50;
    problems.push({
      key: 'service_due',
      metric: null,
      type: 'maintenance',
      title: `Routine maintenance of ${i.device.name} is overdue`,
      action: `Schedule routine maintenance of ${i.device.name} within ${soon ? '7' : '30'} days (${service.detail}) and record the date as its last maintenance when done.`,
      urgency: 0.3 + 0.5 * (1 - service.score / 100),
      impact: machine ? 0.6 : 0.4,
      feasibility: 0.8,
      costEffectiveness: 0.8,
      riskReduction: 0.6,
      timeframe: soon ? '7d' : '30d',
      dueAt: i.now + (soon ? 168 : 720) * HOUR,
      evidence: [ev('device', null, service.detail, service.score)],
    });
  }

  for (const a of i.alerts) {
    if (DERIVED.has(a.metric) || a.severity === 'info') continue;
    const existing = problems.find((p) => p.metric === a.metric);
    const evidence = ev('alert', a.metric, `${a.severity} alert "${a.rule_name}": ${a.message}`, a.id);
    if (existing) {
      existing.evidence.push(evidence);
      if (a.severity === 'critical') existing.urgency = Math.max(existing.urgency, 0.9);
      continue;
    }
    problems.push({
      key: `alert:${a.metric}`,
      metric: a.metric,
      type: a.severity === 'critical' ? 'emergency' : 'operational',
      title: `Respond to the ${a.severity} alert on ${a.metric} of ${i.device.name}`,
      action: `${a.severity === 'critical' ? 'Now' : 'Within 24 hours'}: ${a.message}. ${capital(adviceFor(a.metric, 'high'))}.`,
      urgency: a.severity === 'critical' ? 0.9 : 0.6,
      impact: machine ? 0.7 : 0.5,
      feasibility: 0.8,
      costEffectiveness: 0.7,
      riskReduction: 0.7,
      timeframe: a.severity === 'critical' ? 'immediate' : '24h',
      dueAt: i.now + (a.severity === 'critical' ? 0 : 24 * HOUR),
      evidence: [evidence],
      absorbedKeys: [`failure:${a.metric}`, `range:${a.metric}`],
    });
  }
  return problems;
}
