import type { DeviceHealth } from '@dtwin/contracts/health';
import { healthComponentNames } from '@dtwin/contracts/health';
import type { ReportSources } from './report-sources';
import type { ChartSpec, DeviceSection, HealthSnapshot } from './report-model';

/** Chart points at most, per chart. */
export const CHART_SLOTS = 240;

/** Optional facts: a module that fails or knows nothing about a device leaves a gap, not a failed report. */
export async function optional<T>(read: (() => Promise<T>) | undefined): Promise<T | null> {
  if (!read) return null;
  try {
    return await read();
  } catch {
    return null;
  }
}

export function toSnapshot(health: DeviceHealth): HealthSnapshot {
  return {
    score: health.score,
    status: health.status,
    trend: health.trend,
    computedAt: Date.parse(health.computed_at),
    components: healthComponentNames.map((name) => ({
      name,
      score: health.components[name].score,
      weight: health.components[name].weight,
      summary: health.components[name].summary,
    })),
  };
}

/** A device's health score over the period, from its per-minute history. */
export async function healthChart(
  sources: ReportSources,
  deviceId: string,
  from: number,
  to: number,
): Promise<ChartSpec | null> {
  const read = sources.health?.history;
  if (!read) return null;
  const history = await optional(() =>
    read.call(sources.health, deviceId, {
      from: new Date(from).toISOString(),
      to: new Date(to).toISOString(),
      limit: 20_000,
    }),
  );
  if (!history || history.points.length === 0) return null;
  const slotMs = Math.max(60_000, Math.ceil((to - from) / CHART_SLOTS));
  const slots = new Map<number, { min: number; max: number; sum: number; n: number }>();
  for (const p of history.points) {
    const key = from + Math.floor((Date.parse(p.ts) - from) / slotMs) * slotMs;
    const s = slots.get(key);
    if (s) {
      s.min = Math.min(s.min, p.score);
      s.max = Math.max(s.max, p.score);
      s.sum += p.score;
      s.n += 1;
    } else slots.set(key, { min: p.score, max: p.score, sum: p.score, n: 1 });
  }
  return {
    title: 'Health score',
    unit: 'score',
    from,
    to,
    kind: 'line',
    points: [...slots.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([t, s]) => ({ t, mean: s.sum / s.n, min: s.min, max: s.max })),
    bars: [],
    stacks: [],
    normal: { min: 80, max: 100 },
    critical: { min: 30, max: 100 },
    yRange: { min: 0, max: 100 },
  };
}

/** Fleet health over the period, from the devices' health histories (at most 50 devices are read). */
export async function fleetHealthChart(
  sources: ReportSources,
  sections: DeviceSection[],
  from: number,
  to: number,
): Promise<ChartSpec | null> {
  const charts: ChartSpec[] = [];
  for (const section of sections.slice(0, 50)) {
    const chart = await healthChart(sources, section.id, from, to);
    if (chart) charts.push(chart);
  }
  if (charts.length === 0) return null;
  const slots = new Map<number, { min: number; max: number; sum: number; n: number }>();
  for (const chart of charts) {
    for (const p of chart.points) {
      const s = slots.get(p.t);
      if (s) {
        s.min = Math.min(s.min, p.min);
        s.max = Math.max(s.max, p.max);
        s.sum += p.mean;
        s.n += 1;
      } else slots.set(p.t, { min: p.min, max: p.max, sum: p.mean, n: 1 });
    }
  }
  return {
    ...charts[0]!,
    title:
      sections.length > 50
        ? `Fleet health (mean of the first ${charts.length} devices with scores, lowest and highest)`
        : 'Fleet health (mean of devices, with the lowest and highest)',
    points: [...slots.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([t, s]) => ({ t, mean: s.sum / s.n, min: s.min, max: s.max })),
  };
}
