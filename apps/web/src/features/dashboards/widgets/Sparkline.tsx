import { useSyncExternalStore } from 'react';
import type { BoundedSeries, FrameSignal } from '../../../lib/live-buffer';

/** The shape of a series as one SVG line, redrawn once per frame at most. */
export function Sparkline({ series, signal }: { series: BoundedSeries; signal: FrameSignal }) {
  useSyncExternalStore(signal.subscribe, signal.version);
  const { ts, value } = series.columns();
  const points = ts.map((t, i) => [t, value[i] ?? Number.NaN] as const).filter(([, v]) => Number.isFinite(v));
  if (points.length < 2) return null;
  const [t0, t1] = [points[0]![0], points[points.length - 1]![0]];
  const vs = points.map(([, v]) => v);
  const [lo, hi] = [Math.min(...vs), Math.max(...vs)];
  const x = (t: number) => ((t - t0) / (t1 - t0 || 1)) * 100;
  const y = (v: number) => 28 - ((v - lo) / (hi - lo || 1)) * 26;
  const d = points
    .map(([t, v], i) => `${i === 0 ? 'M' : 'L'}${x(t).toFixed(2)},${y(v).toFixed(2)}`)
    .join(' ');
  return (
    <svg className="sparkline" viewBox="0 0 100 30" preserveAspectRatio="none" aria-hidden="true">
      <path d={d} fill="none" vectorEffect="non-scaling-stroke" />
    </svg>
  );
}
