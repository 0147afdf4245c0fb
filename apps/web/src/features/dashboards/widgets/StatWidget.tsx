import type { WidgetOf } from '@dtwin/contracts/dashboards';
import { formatValue } from '../../../components/charts/format-value';
import { ErrorBanner } from '../../../components/ErrorBanner';
import { levelLabels, levelOf } from '../metric-level';
import { Sparkline } from './Sparkline';
import { useSingleMetric } from './use-single-metric';

/** The latest value of one metric, coloured by its range, with the window's shape under it. */
export function StatWidget({ widget }: { widget: WidgetOf<'stat'> }) {
  const { options } = widget;
  const m = useSingleMetric(options.device, options.metric);
  if (m.error) return <ErrorBanner title="Could not load the value" error={m.error} onRetry={m.reload} />;
  const level = levelOf(m.metric, m.latest);
  return (
    <div className={`stat-widget level-${level}`}>
      <p className="stat-widget__value" title={levelLabels[level]}>
        {formatValue(m.latest, m.metric?.unit)}
      </p>
      <p className="stat-widget__meta">
        {m.device} · {m.metric?.label ?? options.metric} · {levelLabels[level]}
      </p>
      {options.sparkline && m.series && <Sparkline series={m.series} signal={m.signal} />}
    </div>
  );
}
