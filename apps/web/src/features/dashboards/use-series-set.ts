import type { TelemetrySeries } from '@dtwin/contracts/telemetry';
import { useEffect, useMemo } from 'react';
import { useHttp } from '../../lib/http-context';
import {
  createBoundedSeries,
  createFrameSignal,
  type BoundedSeries,
  type FrameSignal,
  type SeriesPoint,
} from '../../lib/live-buffer';
import { useQuery } from '../../lib/use-query';
import type { DeviceLive, Reading } from '../devices/device-live';
import { getAssetTelemetry } from '../assets/assets-api';
import { getTelemetry } from '../devices/devices-api';
import { stepMs } from '../devices/time-range';

const MAX_POINTS = 5000;

export type SeriesWindow = { kind: 'live'; ms: number } | { kind: 'fixed'; from: number; to: number };

/**
 * One line to load: a device's metric or an asset's computed metric, optionally the same stretch
 * `shiftMs` earlier.
 */
export interface SeriesSpec {
  deviceId: string | null;
  /** Set (and `deviceId` null) for an asset's computed metric, which has history but no live readings. */
  assetId?: string | null;
  metric: string;
  shiftMs?: number;
}

export interface SeriesSet {
  /** One buffer per spec (empty for a spec without a device), in the specs' order. */
  series: BoundedSeries[] | null;
  /** Notified once per frame when any buffer changed. */
  signal: FrameSignal;
  error: unknown;
  loading: boolean;
  reload: () => void;
}

function toPoint(p: TelemetrySeries['points'][number]): SeriesPoint {
  return {
    ts: Date.parse(p.ts),
    value: p.mean ?? p.value ?? Number.NaN,
    min: p.min,
    max: p.max,
    count: p.count,
  };
}

/**
 * Several device metrics over the dashboard's window: their histories in parallel, then (while
 * the window ends now) live readings appended to the buffers without a React render.
 */
export function useSeriesSet(
  specs: readonly SeriesSpec[],
  window: SeriesWindow,
  lives: ReadonlyMap<string, DeviceLive>,
  epoch: number,
): SeriesSet {
  const http = useHttp();
  const windowKey = window.kind === 'live' ? `last-${window.ms}` : `${window.from}-${window.to}`;
  const specKey = specs.map((s) => `${s.deviceId}/${s.assetId ?? ''}/${s.metric}/${s.shiftMs ?? 0}`);
  const span = window.kind === 'live' ? window.ms : window.to - window.from;
  const history = useQuery(['dashboard-series', specKey, windowKey, epoch], (abort) => {
    const now = Date.now();
    return Promise.all(
      specs.map((spec) => {
        if (!spec.deviceId && !spec.assetId) return Promise.resolve(null);
        const shift = spec.shiftMs ?? 0;
        const from = (window.kind === 'live' ? now - window.ms : window.from) - shift;
        const to = (window.kind === 'live' ? now : window.to) - shift;
        const query = {
          metric: spec.metric,
          from: new Date(from).toISOString(),
          to: new Date(to).toISOString(),
        };
        return spec.deviceId
          ? getTelemetry(http, spec.deviceId, query, abort)
          : getAssetTelemetry(http, spec.assetId ?? '', query, abort);
      }),
    );
  });

  const signal = useMemo(() => createFrameSignal(), []);
  const built = useMemo(() => {
    if (!history.data) return null;
    return history.data.map((answer) => {
      const series = createBoundedSeries({
        maxPoints: MAX_POINTS,
        windowMs: span,
        bucketMs: answer ? stepMs(answer.step) : 0,
      });
      if (answer) series.reset(answer.points.map(toPoint));
      return { series, historyTo: answer ? Date.parse(answer.to) : 0 };
    });
  }, [history.data, span]);

  useEffect(() => {
    if (!built || window.kind !== 'live') return;
    const offs = specs.flatMap((spec, i) => {
      const target = built[i];
      const live = spec.deviceId ? lives.get(spec.deviceId) : undefined;
      if (!target || !live || (spec.shiftMs ?? 0) !== 0) return [];
      const take = (reading: Reading) => {
        if (reading.ts <= target.historyTo) return;
        target.series.push(reading.ts, reading.value);
        signal.notify();
      };
      live.recent(spec.metric).forEach(take);
      return [live.onReading(spec.metric, take)];
    });
    return () => offs.forEach((off) => off());
    // specs are described by specKey; a new array with the same specs must not resubscribe.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [built, window.kind, lives, signal, specKey.join('|')]);

  return {
    series: built?.map((b) => b.series) ?? null,
    signal,
    error: history.error,
    loading: history.loading,
    reload: history.reload,
  };
}
