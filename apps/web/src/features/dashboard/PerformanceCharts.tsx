import type { Dashboard } from '@dtwin/contracts/dashboard';
import { useEffect, useState } from 'react';
import type { MetricBands } from '../../components/charts/chart-bands';
import { formatValue } from '../../components/charts/format-value';
import { TimeSeriesChart } from '../../components/charts/TimeSeriesChart';
import { createBoundedSeries, createFrameSignal, type SeriesPoint } from '../../lib/live-buffer';
import { EnergyBars } from './EnergyBars';

const DAY_MS = 24 * 3600_000;
/** Health bands as the status bands: good from 80, critical below 30. */
const healthBands: MetricBands = {
  normal: { min: 80, max: 100 },
  critical: { min: 30, max: 100 },
  bad: 'low',
};

type Performance = Dashboard['performance'];

function pointsOf(performance: Performance, pick: (p: Performance[number]) => number | null): SeriesPoint[] {
  return performance.flatMap((p) => {
    const value = pick(p);
    return value === null ? [] : [{ ts: Date.parse(p.hour), value }];
  });
}

/** A chart's series and signal, kept across refreshes so the chart is updated, not rebuilt. */
function useHourlySeries(performance: Performance, pick: (p: Performance[number]) => number | null) {
  const [store] = useState(() => ({
    series: createBoundedSeries({ maxPoints: 200, windowMs: DAY_MS + 3600_000 }),
    signal: createFrameSignal(),
  }));
  const points = pointsOf(performance, pick);
  const key = JSON.stringify(points);
  useEffect(() => {
    store.series.reset(JSON.parse(key) as SeriesPoint[]);
    store.signal.notify();
  }, [store, key]);
  return { ...store, count: points.length, last: points[points.length - 1]?.value };
}

/** Health and efficiency hour by hour over the last 24 h, and the energy used each hour. */
export function PerformanceCharts({ performance }: { performance: Performance }) {
  const health = useHourlySeries(performance, (p) => p.health);
  const efficiency = useHourlySeries(performance, (p) => p.efficiency_pct);
  return (
    <section className="panel" aria-labelledby="dash-performance">
      <h2 className="panel__title" id="dash-performance">
        The last 24 hours
      </h2>
      {performance.length === 0 ? (
        <p className="cell--muted">No history yet: the hourly figures appear after the first full hour.</p>
      ) : (
        <div className="dash-charts">
          {health.count < 2 ? (
            <TooFewHours title="Fleet health" unit="" last={health.last} />
          ) : (
            <TimeSeriesChart
              title="Fleet health"
              unit=""
              series={health.series}
              signal={health.signal}
              window={{ spanMs: DAY_MS }}
              bands={healthBands}
              height={160}
            />
          )}
          {efficiency.count < 2 ? (
            <TooFewHours title="Efficiency" unit="%" last={efficiency.last} />
          ) : (
            <TimeSeriesChart
              title="Efficiency"
              unit="%"
              series={efficiency.series}
              signal={efficiency.signal}
              window={{ spanMs: DAY_MS }}
              height={160}
            />
          )}
          <EnergyBars performance={performance} />
        </div>
      )}
    </section>
  );
}

/** A line needs two points: until then, say what there is. */
function TooFewHours({ title, unit, last }: { title: string; unit: string; last: number | undefined }) {
  return (
    <figure className="ts-chart">
      <figcaption className="ts-chart__caption">
        <span className="ts-chart__title">{title}</span>
        {last !== undefined && <span className="ts-chart__value">{formatValue(last, unit)}</span>}
      </figcaption>
      <p className="chart-note">
        {last === undefined
          ? `No ${title.toLowerCase()} figures in the last 24 hours.`
          : 'One hourly figure so far; the line appears after the next full hour.'}
      </p>
    </figure>
  );
}
