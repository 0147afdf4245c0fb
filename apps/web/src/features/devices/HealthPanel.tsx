import {
  healthComponentNames,
  type DeviceHealth,
  type HealthHistory,
  type HealthStatus,
} from '@dtwin/contracts/health';
import { useEffect, useMemo, useRef } from 'react';
import { Badge, type BadgeTone } from '../../components/Badge';
import type { MetricBands } from '../../components/charts/chart-bands';
import { TimeSeriesChart } from '../../components/charts/TimeSeriesChart';
import { DateTime } from '../../components/DateTime';
import { useHttp } from '../../lib/http-context';
import { createBoundedSeries, createFrameSignal } from '../../lib/live-buffer';
import { useResyncEpoch, useSocketEvent } from '../../lib/socket-hooks';
import { useQuery } from '../../lib/use-query';
import { AnalyticsSection } from './AnalyticsSection';
import { getHealth, getHealthHistory } from './analytics-api';

const statusTones: Record<HealthStatus, BadgeTone> = {
  excellent: 'success',
  good: 'success',
  warning: 'warning',
  critical: 'danger',
  failure: 'danger',
};

const componentLabels: Record<(typeof healthComponentNames)[number], string> = {
  performance: 'Performance',
  reliability: 'Reliability',
  efficiency: 'Efficiency',
  safety: 'Safety',
  maintenance: 'Maintenance',
};

const HISTORY_MS = 7 * 86_400_000;
const HEALTH_REFETCH_MS = 30_000;
/** The spec's status bands: good from 80, critical below 30. */
const healthBands: MetricBands = {
  normal: { min: 80, max: 100 },
  critical: { min: 30, max: 100 },
  bad: 'low',
};
const historyWindow = { spanMs: HISTORY_MS };

export function HealthPanel({ deviceId }: { deviceId: string }) {
  const http = useHttp();
  const epoch = useResyncEpoch();
  const health = useQuery(['health', deviceId, epoch], (signal) => getHealth(http, deviceId, signal));
  const history = useQuery(['health-history', deviceId, epoch], (signal) =>
    getHealthHistory(http, deviceId, new Date(Date.now() - HISTORY_MS).toISOString(), signal),
  );
  const fetchedAt = useRef(0);
  useEffect(() => {
    if (health.data) fetchedAt.current = Date.now();
  }, [health.data]);
  useSocketEvent('health', (event) => {
    if (event.device_id !== deviceId) return;
    // The event carries the headline; the components are fetched again at most twice a minute.
    if (!health.data || Date.now() - fetchedAt.current > HEALTH_REFETCH_MS) return health.reload();
    const { score, status, trend, computed_at } = event;
    health.update((current) => ({ ...current, score, status, trend, computed_at }));
  });
  return (
    <>
      <section className="panel" aria-labelledby="health-title">
        <h2 className="panel__title" id="health-title">
          Health
        </h2>
        <AnalyticsSection what="Health" query={health}>
          {(data) => <HealthBreakdown health={data} />}
        </AnalyticsSection>
      </section>
      <section className="panel" aria-labelledby="health-trend-title">
        <h2 className="panel__title" id="health-trend-title">
          Health over the last 7 days
        </h2>
        <AnalyticsSection what="Health history" query={history}>
          {(data) => <HealthTrendChart history={data} />}
        </AnalyticsSection>
      </section>
    </>
  );
}

function HealthBreakdown({ health }: { health: DeviceHealth }) {
  return (
    <>
      <div className="health-score">
        <span className="health-score__value">{Math.round(health.score)}</span>
        <span className="health-score__of">/ 100</span>
        <Badge tone={statusTones[health.status]}>{capitalise(health.status)}</Badge>
        <span className="cell--muted">
          Trend: {health.trend}
          {health.trend_points_per_h !== null && ` (${signed(health.trend_points_per_h)} points/h)`} ·
          computed <DateTime value={health.computed_at} />
        </span>
        {health.maintenance_mode && <Badge tone="info">Maintenance mode</Badge>}
      </div>
      <table className="table health-components">
        <caption className="visually-hidden">Health components</caption>
        <thead>
          <tr>
            <th scope="col">Component</th>
            <th scope="col">Score</th>
            <th scope="col">Weight</th>
            <th scope="col">Why</th>
          </tr>
        </thead>
        <tbody>
          {healthComponentNames.map((name) => {
            const c = health.components[name];
            return (
              <tr key={name}>
                <th scope="row">{componentLabels[name]}</th>
                <td>
                  {c.score === null ? (
                    <span className="cell--muted">Not applicable</span>
                  ) : (
                    <span className="score-bar">
                      <meter min={0} max={100} low={60} high={80} optimum={100} value={c.score} />
                      {Math.round(c.score)}
                    </span>
                  )}
                </td>
                <td>
                  {pct(c.weight)}
                  {c.applied_weight !== c.weight && (
                    <span className="cell--muted"> (applied {pct(c.applied_weight)})</span>
                  )}
                </td>
                <td className="cell--wrap">
                  {c.summary}
                  {c.drivers.some((d) => d.detail !== c.summary) && (
                    <ul className="drivers">
                      {c.drivers.map((d, i) => (
                        <li key={i}>
                          {d.metric && <code>{d.metric}</code>} {d.detail}
                        </li>
                      ))}
                    </ul>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </>
  );
}

function HealthTrendChart({ history }: { history: HealthHistory }) {
  const view = useMemo(() => {
    const series = createBoundedSeries({ maxPoints: 20_000, windowMs: HISTORY_MS });
    series.reset(history.points.map((p) => ({ ts: Date.parse(p.ts), value: p.score })));
    return { series, signal: createFrameSignal() };
  }, [history]);
  if (history.points.length === 0)
    return <p className="cell--muted">No health scores were stored in this period.</p>;
  return (
    <TimeSeriesChart
      title="Health score"
      unit=""
      series={view.series}
      signal={view.signal}
      window={historyWindow}
      bands={healthBands}
      height={160}
    />
  );
}

const pct = (share: number) => `${Math.round(share * 100)} %`;
const signed = (n: number) => (n > 0 ? `+${n.toFixed(2)}` : n.toFixed(2));
const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
