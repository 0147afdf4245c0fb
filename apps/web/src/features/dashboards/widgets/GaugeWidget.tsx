import type { WidgetOf } from '@dtwin/contracts/dashboards';
import type { MetricDefinition } from '@dtwin/contracts/models';
import { formatValue } from '../../../components/charts/format-value';
import { ErrorBanner } from '../../../components/ErrorBanner';
import { levelLabels, levelOf } from '../metric-level';
import { useSingleMetric } from './use-single-metric';

const R = 40;
/** A point of the half circle at `f` (0 left … 1 right). */
const at = (f: number) => {
  const angle = Math.PI * (1 - Math.min(1, Math.max(0, f)));
  return { x: 50 + R * Math.cos(angle), y: 50 - R * Math.sin(angle) };
};
const arc = (a: number, b: number) => {
  const p = at(a);
  const q = at(b);
  return `M${p.x.toFixed(2)},${p.y.toFixed(2)} A${R},${R} 0 0 1 ${q.x.toFixed(2)},${q.y.toFixed(2)}`;
};

/** The scale: the critical range widened by a fifth of the normal one on each side. */
function scaleOf(metric: MetricDefinition | undefined): { min: number; max: number } {
  if (!metric) return { min: 0, max: 100 };
  const pad = (metric.normal.max - metric.normal.min) * 0.2 || 1;
  return {
    min: Math.min(metric.critical.min, metric.normal.min) - pad,
    max: Math.max(metric.critical.max, metric.normal.max) + pad,
  };
}

/** A half-circle gauge of the latest value, the normal range marked green. */
export function GaugeWidget({ widget }: { widget: WidgetOf<'gauge'> }) {
  const { options } = widget;
  const m = useSingleMetric(options.device, options.metric);
  if (m.error) return <ErrorBanner title="Could not load the value" error={m.error} onRetry={m.reload} />;
  const { min, max } = scaleOf(m.metric);
  const f = (v: number) => (v - min) / (max - min);
  const level = levelOf(m.metric, m.latest);
  return (
    <div className={`gauge-widget level-${level}`}>
      <svg
        viewBox="0 0 100 58"
        role="img"
        aria-label={`${m.metric?.label ?? options.metric}: ${formatValue(m.latest, m.metric?.unit)}`}
      >
        <path className="gauge-widget__track" d={arc(0, 1)} />
        {m.metric && (
          <path className="gauge-widget__normal" d={arc(f(m.metric.normal.min), f(m.metric.normal.max))} />
        )}
        {m.latest !== null && <path className="gauge-widget__value" d={arc(0, f(m.latest))} />}
        <text x="50" y="48" textAnchor="middle" className="gauge-widget__text">
          {formatValue(m.latest, m.metric?.unit)}
        </text>
      </svg>
      <p className="stat-widget__meta">
        {m.device} · {m.metric?.label ?? options.metric} · {levelLabels[level]}
      </p>
    </div>
  );
}
