import type { MetricDefinition } from '@dtwin/contracts/models';
import type { TelemetrySeries } from '@dtwin/contracts/telemetry';
import { useEffect, useMemo } from 'react';
import type { MetricBands } from '../../components/charts/chart-bands';
import { TimeSeriesChart, type ChartWindow } from '../../components/charts/TimeSeriesChart';
import { ErrorBanner } from '../../components/ErrorBanner';
import { useHttp } from '../../lib/http-context';
import { createBoundedSeries, createFrameSignal, type SeriesPoint } from '../../lib/live-buffer';
import { useQuery } from '../../lib/use-query';
import type { DeviceLive, Reading } from './device-live';
import { getTelemetry } from './devices-api';
import { rangeBounds, rangeKey, rangeSpan, stepMs, type TimeRange } from './time-range';

/** Plenty for any range: the server answers at most 5000 points, live appends fold into buckets. */
const MAX_POINTS = 10_000;

const stepLabels: Record<TelemetrySeries['step'], string> = {
  raw: 'Raw readings',
  '1m': '1-minute rollups, min–max shaded',
  '1h': '1-hour rollups, min–max shaded',
  '1d': 'Daily summaries, min–max shaded',
};

interface MetricChartProps {
  deviceId: string;
  metric: MetricDefinition;
  range: TimeRange;
  live: DeviceLive;
  /** Changes when the history must be fetched again (after a reconnection). */
  reloadKey: number;
}

function toPoint(p: TelemetrySeries['points'][number]): SeriesPoint {
  // A rollup is drawn as its mean, with min and max as the envelope.
  return {
    ts: Date.parse(p.ts),
    value: p.mean ?? p.value ?? Number.NaN,
    min: p.min,
    max: p.max,
    count: p.count,
  };
}

/** One metric: its history for the range, with live readings appended while the range ends now. */
export function MetricChart({ deviceId, metric, range, live, reloadKey }: MetricChartProps) {
  const http = useHttp();
  const history = useQuery(['telemetry', deviceId, metric.name, rangeKey(range), reloadKey], (signal) => {
    const { from, to } = rangeBounds(range, Date.now());
    const query = { metric: metric.name, from: new Date(from).toISOString(), to: new Date(to).toISOString() };
    return getTelemetry(http, deviceId, query, signal);
  });

  const span = rangeSpan(range);
  // A new buffer per history answer; live readings then go into it without any React render.
  const view = useMemo(() => {
    if (!history.data) return null;
    const { step, points, to } = history.data;
    const series = createBoundedSeries({ maxPoints: MAX_POINTS, windowMs: span, bucketMs: stepMs(step) });
    series.reset(points.map(toPoint));
    return { series, signal: createFrameSignal(), step, historyTo: Date.parse(to) };
  }, [history.data, span]);

  const following = range.kind === 'preset';
  useEffect(() => {
    if (!view || !following) return;
    // Readings up to the answer's `to` are in it already (they are stored before they are pushed).
    const take = (reading: Reading) => {
      if (reading.ts <= view.historyTo) return;
      view.series.push(reading.ts, reading.value);
      view.signal.notify();
    };
    live.recent(metric.name).forEach(take);
    return live.onReading(metric.name, take);
  }, [view, following, live, metric.name]);

  const bands = useMemo<MetricBands>(
    () => ({ normal: metric.normal, critical: metric.critical, bad: metric.bad }),
    [metric],
  );
  const customFrom = range.kind === 'custom' ? range.from : 0;
  const customTo = range.kind === 'custom' ? range.to : 0;
  const chartWindow = useMemo<ChartWindow>(
    () => (following ? { spanMs: span } : { from: customFrom, to: customTo }),
    [following, span, customFrom, customTo],
  );

  return (
    <section className="metric-chart panel" aria-label={metric.label}>
      {view ? (
        <>
          <TimeSeriesChart
            title={metric.label}
            unit={metric.unit}
            series={view.series}
            signal={view.signal}
            window={chartWindow}
            bands={bands}
            envelope={view.step !== 'raw'}
          />
          <p className="metric-chart__legend">
            {stepLabels[view.step]} · normal {metric.normal.min}–{metric.normal.max} {metric.unit} ·{' '}
            {criticalText(metric)}
            {history.loading && ' · updating…'}
          </p>
        </>
      ) : history.error === null ? (
        <p className="metric-chart__placeholder" role="status">
          <strong>{metric.label}</strong> — loading history…
        </p>
      ) : null}
      {history.error !== null && (
        <ErrorBanner
          title={`Could not load ${metric.label}`}
          error={history.error}
          onRetry={history.reload}
        />
      )}
    </section>
  );
}

function criticalText(metric: MetricDefinition): string {
  const { critical, unit, bad } = metric;
  if (bad === 'high') return `critical above ${critical.max} ${unit}`;
  if (bad === 'low') return `critical below ${critical.min} ${unit}`;
  return `critical outside ${critical.min}–${critical.max} ${unit}`;
}
