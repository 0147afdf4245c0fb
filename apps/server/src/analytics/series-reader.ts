import type { TelemetrySeries } from '@dtwin/contracts/telemetry';
import { tierWidthMs } from '../modules/telemetry/telemetry-rows';
import type { TelemetryService } from '../modules/telemetry/telemetry.service';
import type { Point } from './robust-stats';

/** One rollup bucket: `t` is its start (epoch ms). */
export interface Bucket {
  t: number;
  mean: number;
  min: number;
  max: number;
  count: number;
}

const PAGE = 20_000;

/**
 * What the analytics read of the history, through the telemetry service (never its tables):
 * raw readings and 1-minute / 1-hour rollups of one metric over [from, to), oldest first.
 */
export function createSeriesReader({ telemetry }: { telemetry: Pick<TelemetryService, 'history'> }) {
  async function page(
    deviceId: string,
    metric: { name: string; unit: string },
    step: 'raw' | '1m' | '1h',
    from: number,
    to: number,
  ): Promise<TelemetrySeries['points']> {
    const points: TelemetrySeries['points'] = [];
    let cursor = from;
    while (cursor < to) {
      const series = await telemetry.history(deviceId, metric, {
        metric: metric.name,
        from: new Date(cursor).toISOString(),
        to: new Date(to).toISOString(),
        step,
        limit: PAGE,
      });
      points.push(...series.points);
      const last = series.points.at(-1);
      if (series.points.length < PAGE || !last) break;
      cursor = Date.parse(last.ts) + (step === 'raw' ? 1 : tierWidthMs[step]);
    }
    return points;
  }

  const buckets = async (
    deviceId: string,
    metric: { name: string; unit: string },
    step: '1m' | '1h',
    from: number,
    to: number,
  ): Promise<Bucket[]> =>
    (await page(deviceId, metric, step, from, to)).flatMap((p) =>
      p.mean === undefined || p.count === undefined
        ? []
        : [{ t: Date.parse(p.ts), mean: p.mean, min: p.min ?? p.mean, max: p.max ?? p.mean, count: p.count }],
    );

  return {
    async raw(
      deviceId: string,
      metric: { name: string; unit: string },
      from: number,
      to: number,
    ): Promise<Point[]> {
      return (await page(deviceId, metric, 'raw', from, to)).flatMap((p) =>
        p.value === undefined ? [] : [{ t: Date.parse(p.ts), y: p.value }],
      );
    },
    minutes: (deviceId: string, metric: { name: string; unit: string }, from: number, to: number) =>
      buckets(deviceId, metric, '1m', from, to),
    hours: (deviceId: string, metric: { name: string; unit: string }, from: number, to: number) =>
      buckets(deviceId, metric, '1h', from, to),
  };
}

export type SeriesReader = ReturnType<typeof createSeriesReader>;

/** Bucket means as points at the middle of each bucket. */
export const bucketPoints = (buckets: readonly Bucket[], widthMs: number): Point[] =>
  buckets.map((b) => ({ t: b.t + widthMs / 2, y: b.mean }));
