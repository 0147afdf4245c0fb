import type { UnitHistory } from '../../analytics/rul/run-to-failure';

/** A failure or repair of one device (epoch ms). */
export interface LifecycleEvent {
  device_id: string;
  type: string;
  ts: number;
}

export interface LifeSpan {
  deviceId: string;
  from: number;
  /** The failure. */
  to: number;
}

/**
 * Run-to-failure spans: each failure closes a life that began at the device's previous repair
 * (or previous failure); a first failure looks back `maxSpanMs`. Events must be oldest first.
 */
export function lifeSpans(events: readonly LifecycleEvent[], maxSpanMs: number): LifeSpan[] {
  const start = new Map<string, number>();
  const spans: LifeSpan[] = [];
  for (const e of events) {
    if (e.type === 'failure') {
      const from = Math.max(start.get(e.device_id) ?? -Infinity, e.ts - maxSpanMs);
      if (e.ts > from) spans.push({ deviceId: e.device_id, from, to: e.ts });
    }
    start.set(e.device_id, e.ts);
  }
  return spans;
}

/** Mean of the buckets of each metric in each step of [from, to): rows on a regular grid (times in hours from `from`). */
export function resample(
  series: readonly { t: number; mean: number }[][],
  from: number,
  to: number,
  stepMs: number,
): UnitHistory {
  const n = Math.max(0, Math.floor((to - from) / stepMs));
  const sums = series.map(() => new Float64Array(n));
  const counts = series.map(() => new Uint32Array(n));
  series.forEach((points, j) => {
    for (const p of points) {
      const k = Math.floor((p.t - from) / stepMs);
      if (k < 0 || k >= n) continue;
      sums[j]![k]! += p.mean;
      counts[j]![k]!++;
    }
  });
  const times: number[] = [];
  const rows: number[][] = [];
  for (let k = 0; k < n; k++) {
    const row = series.map((_, j) => (counts[j]![k]! > 0 ? sums[j]![k]! / counts[j]![k]! : NaN));
    // Leading steps without any reading (before the device reported) are not part of its life.
    if (rows.length === 0 && row.every((v) => Number.isNaN(v))) continue;
    times.push(((k + 1) * stepMs) / 3_600_000);
    rows.push(row);
  }
  return { unit: 0, times, rows };
}
