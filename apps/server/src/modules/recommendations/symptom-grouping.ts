import type { DevicePatterns } from '@dtwin/contracts/patterns';
import type { Problem } from './problem';

/** Metrics at least this correlated (|r| over the last day's 1-minute means) count as one problem… */
const SAME_PROBLEM_R = 0.7;
/** …and so do two predicted failures whose departures began together (within a quarter of the leader's span, or 15 min). */
const SAME_ONSET_SHARE = 0.25;
const SAME_ONSET_MIN_MS = 15 * 60_000;
/** A live recommendation keeps leading its group unless another metric is predicted to fail clearly (20 %) sooner. */
const STICKINESS = 0.8;

/**
 * A worn bearing raises vibration, bearing temperature and current and lowers efficiency: one
 * repair, not four recommendations. Each predicted failure absorbs the other metric problems
 * (failure, out of range, efficiency) of metrics strongly correlated with its own, and the other
 * failures whose departure began at the same time (a fast fault leaves too few minutes for a
 * correlation): they become evidence of it, and its urgency is the highest of them. The failure
 * that leads is the one predicted first (a live recommendation's metric keeps the lead unless
 * another is predicted clearly sooner, so the lead does not flip back and forth).
 */
export function groupSymptoms(
  problems: Problem[],
  patterns: DevicePatterns | null,
  liveKeys: ReadonlySet<string>,
  now: number,
): Problem[] {
  const r = (a: string, b: string) =>
    patterns?.correlations.find((c) => (c.a === a && c.b === b) || (c.a === b && c.b === a))?.r ?? 0;
  const together = (p: Problem, q: Problem) =>
    p.onset !== undefined &&
    q.onset !== undefined &&
    q.key.startsWith('failure:') &&
    Math.abs(p.onset - q.onset) <= Math.max(SAME_ONSET_MIN_MS, SAME_ONSET_SHARE * (now - p.onset));
  const lead = (p: Problem) => (p.rulH ?? Infinity) * (liveKeys.has(p.key) ? STICKINESS : 1);
  const primaries = problems
    .filter((p) => p.key.startsWith('failure:') && p.metric !== null)
    .sort((a, b) => lead(a) - lead(b) || b.urgency - a.urgency);
  const absorbed = new Set<Problem>();
  for (const primary of primaries) {
    if (absorbed.has(primary) || primary.metric === null) continue;
    for (const other of problems) {
      if (
        other === primary ||
        absorbed.has(other) ||
        other.metric === null ||
        other.metric === primary.metric
      )
        continue;
      if (!/^(failure|range):|^efficiency$/.test(other.key)) continue;
      const corr = r(primary.metric, other.metric);
      const sameStart = together(primary, other);
      if (Math.abs(corr) < SAME_PROBLEM_R && !sameStart) continue;
      absorbed.add(other);
      primary.absorbedKeys = [...(primary.absorbedKeys ?? []), other.key, ...(other.absorbedKeys ?? [])];
      primary.urgency = Math.max(primary.urgency, other.urgency);
      const why =
        Math.abs(corr) >= SAME_PROBLEM_R
          ? `it moves with ${primary.metric} (r = ${corr.toFixed(2)})`
          : `it began to move when ${primary.metric} did`;
      primary.evidence.push({
        source: 'pattern',
        metric: other.metric,
        detail: `${other.title}; ${why}, so it is treated as a symptom of the same problem`,
        value: Math.abs(corr) >= SAME_PROBLEM_R ? corr : null,
      });
    }
  }
  // Then the metric problems no failure took: out-of-range metrics (and efficiency) that are
  // strongly correlated, or that left their ranges at about the same time, are one problem, led
  // by the most urgent.
  const rest = problems
    .filter((p) => !absorbed.has(p) && (p.key.startsWith('range:') || p.key === 'efficiency'))
    .sort((a, b) => b.urgency - a.urgency || (b.outsideMin ?? 0) - (a.outsideMin ?? 0));
  const sameTime = (p: Problem, q: Problem) =>
    p.outsideMin !== undefined &&
    q.outsideMin !== undefined &&
    Math.abs(p.outsideMin - q.outsideMin) <= Math.max(5, 0.25 * Math.max(p.outsideMin, q.outsideMin));
  for (const leader of rest) {
    if (absorbed.has(leader) || leader.metric === null) continue;
    for (const other of rest) {
      if (other === leader || absorbed.has(other) || other.metric === null) continue;
      const corr = r(leader.metric, other.metric);
      if (Math.abs(corr) < SAME_PROBLEM_R && !sameTime(leader, other)) continue;
      absorbed.add(other);
      leader.absorbedKeys = [...(leader.absorbedKeys ?? []), other.key, ...(other.absorbedKeys ?? [])];
      leader.evidence.push({
        source: 'pattern',
        metric: other.metric,
        detail: `${other.title}; ${Math.abs(corr) >= SAME_PROBLEM_R ? `it moves with ${leader.metric} (r = ${corr.toFixed(2)})` : `it left its range when ${leader.metric} did`}, so it is treated as part of the same problem`,
        value: Math.abs(corr) >= SAME_PROBLEM_R ? corr : null,
      });
    }
  }
  return problems.filter((p) => !absorbed.has(p));
}
