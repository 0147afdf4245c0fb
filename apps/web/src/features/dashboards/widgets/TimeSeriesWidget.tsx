import type { WidgetOf } from '@dtwin/contracts/dashboards';
import { use, useMemo } from 'react';
import type { MetricBands } from '../../../components/charts/chart-bands';
import { LINE_COLOURS, MultiSeriesChart, type ChartLine } from '../../../components/charts/MultiSeriesChart';
import type { ChartWindow } from '../../../components/charts/TimeSeriesChart';
import { ErrorBanner } from '../../../components/ErrorBanner';
import {
  assetName,
  deviceName,
  metricOf,
  resolveDevice,
  useDashboardScope,
  windowOf,
} from '../dashboard-context';
import { DashboardLiveContext } from '../dashboard-live';
import { useSeriesSet, type SeriesSpec } from '../use-series-set';

/** Metrics of several devices overlaid, the first metric's bands under them, drag to zoom. */
export function TimeSeriesWidget({ widget, height }: { widget: WidgetOf<'timeseries'>; height: number }) {
  const scope = useDashboardScope();
  const lives = use(DashboardLiveContext);
  const { options } = widget;
  const window = windowOf(scope);
  const span = window.kind === 'live' ? window.ms : window.to - window.from;

  const current: SeriesSpec[] = options.series.map((s) =>
    'device' in s
      ? { deviceId: resolveDevice(s.device, scope.variables), metric: s.metric }
      : { deviceId: null, assetId: s.asset, metric: s.metric },
  );
  const specs: SeriesSpec[] = [
    ...current,
    ...(options.compare_previous ? current.map((s) => ({ ...s, shiftMs: span })) : []),
  ];
  const set = useSeriesSet(specs, window, lives, scope.epoch);

  const labels = specs.map((spec) => {
    const metric = metricOf(scope, spec.deviceId, spec.metric);
    const base = spec.assetId
      ? `${assetName(scope, spec.assetId)} · ${spec.metric}`
      : `${deviceName(scope, spec.deviceId)} · ${metric?.label ?? spec.metric}`;
    return spec.shiftMs ? `${base} (previous period)` : base;
  });
  const labelKey = labels.join('|');
  const lines = useMemo<ChartLine[] | null>(
    () =>
      set.series?.map((series, i) => ({
        label: labels[i] ?? '',
        series,
        dashed: (specs[i]?.shiftMs ?? 0) > 0,
        shiftMs: specs[i]?.shiftMs ?? 0,
      })) ?? null,
    // labels and specs are described by labelKey and the series themselves.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [set.series, labelKey],
  );

  const first = current[0];
  const metric = first ? metricOf(scope, first.deviceId, first.metric) : undefined;
  const bands = useMemo<MetricBands | undefined>(
    () =>
      options.bands && metric
        ? { normal: metric.normal, critical: metric.critical, bad: metric.bad }
        : undefined,
    [options.bands, metric],
  );
  const chartWindow = useMemo<ChartWindow>(
    () => (window.kind === 'live' ? { spanMs: window.ms } : { from: window.from, to: window.to }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [window.kind, span, scope.zoom],
  );

  if (set.error)
    return <ErrorBanner title="Could not load the history" error={set.error} onRetry={set.reload} />;
  return (
    <div className="ts-widget">
      {lines ? (
        <MultiSeriesChart
          lines={lines}
          signal={set.signal}
          window={chartWindow}
          unit={metric?.unit ?? ''}
          bands={bands}
          onZoom={(from, to) => scope.setZoom({ from, to })}
          height={Math.max(60, height - 34 - 18 * labels.length)}
        />
      ) : (
        <p className="dash-widget__placeholder" role="status">
          Loading history…
        </p>
      )}
      <ul className="ts-widget__legend" aria-label="Series">
        {labels.map((label, i) => (
          <li key={label} className={specs[i]?.shiftMs ? 'is-previous' : undefined}>
            <span
              className="ts-widget__swatch"
              style={{ background: LINE_COLOURS[(i % current.length) % LINE_COLOURS.length] }}
            />
            {label}
          </li>
        ))}
      </ul>
    </div>
  );
}
