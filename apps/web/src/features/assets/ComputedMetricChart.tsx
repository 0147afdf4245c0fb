import type { ComputedMetric } from '@dtwin/contracts/computed-metrics';
import type { TelemetrySeries } from '@dtwin/contracts/telemetry';
import { useEffect, useMemo } from 'react';
import { TimeSeriesChart } from '../../components/charts/TimeSeriesChart';
import { ErrorBanner } from '../../components/ErrorBanner';
import { useHttp } from '../../lib/http-context';
import { createBoundedSeries, createFrameSignal } from '../../lib/live-buffer';
import { useQuery } from '../../lib/use-query';
import { stepMs } from '../devices/time-range';
import type { ComputedLive } from './computed-live';
import { getComputedHistory, type ComputedSubject } from './computed-metrics-api';

const MAX_POINTS = 10_000;

const stepLabels: Record<TelemetrySeries['step'], string> = {
  raw: 'Every evaluation',
  '1m': '1-minute means, min–max shaded',
  '1h': '1-hour means, min–max shaded',
  '1d': 'Daily means, min–max shaded',
};

/**
 * One computed metric's history over the last `spanMs`, fetched again when `reloadKey` changes;
 * values evaluated since arrive from `live` and are drawn at the next frame.
 */
export function ComputedMetricChart({
  subject,
  metric,
  spanMs,
  reloadKey,
  live,
}: {
  subject: ComputedSubject;
  metric: ComputedMetric;
  spanMs: number;
  reloadKey: number;
  live: ComputedLive;
}) {
  const http = useHttp();
  const history = useQuery(
    ['computed-history', subject.kind, subject.id, metric.name, spanMs, reloadKey],
    (signal) => {
      const to = Date.now();
      return getComputedHistory(http, subject, { metric: metric.name, from: to - spanMs, to }, signal);
    },
  );
  const view = useMemo(() => {
    if (!history.data) return null;
    const { step, points } = history.data;
    const series = createBoundedSeries({ maxPoints: MAX_POINTS, windowMs: spanMs, bucketMs: stepMs(step) });
    series.reset(
      points.map((p) => ({
        ts: Date.parse(p.ts),
        value: p.mean ?? p.value ?? Number.NaN,
        min: p.min,
        max: p.max,
        count: p.count,
      })),
    );
    return { series, signal: createFrameSignal(), step, empty: points.length === 0 };
  }, [history.data, spanMs]);
  const chartWindow = useMemo(() => ({ spanMs }), [spanMs]);
  useEffect(() => {
    if (!view) return;
    return live.onValue(metric.name, ({ ts, value }) => {
      view.series.push(ts, value);
      view.signal.notify();
    });
  }, [live, metric.name, view]);

  if (history.error !== null)
    return (
      <ErrorBanner title={`Could not load ${metric.name}`} error={history.error} onRetry={history.reload} />
    );
  if (!view)
    return (
      <p className="metric-chart__placeholder" role="status">
        <strong>{metric.name}</strong> — loading history…
      </p>
    );
  return (
    <>
      <TimeSeriesChart
        title={metric.name}
        unit={metric.unit}
        series={view.series}
        signal={view.signal}
        window={chartWindow}
        envelope={view.step !== 'raw'}
        height={160}
      />
      <p className="metric-chart__legend">
        {view.empty ? 'No values in this range yet' : stepLabels[view.step]}
        {history.loading && ' · updating…'}
      </p>
    </>
  );
}
