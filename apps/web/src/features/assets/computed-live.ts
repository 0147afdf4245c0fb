import { assetRoom, deviceRoom, type AssetMetricsEvent } from '@dtwin/contracts/realtime';
import { useEffect, useState, useSyncExternalStore } from 'react';
import { createFrameSignal } from '../../lib/live-buffer';
import { useRoom, useSocketManager } from '../../lib/socket-hooks';
import type { ComputedSubject } from './computed-metrics-api';

export type ComputedValue = { ts: number; value: number };
export type LatestComputed = Readonly<Record<string, ComputedValue>>;

/**
 * A subject's computed values as the server evaluates them (`asset_metrics` in `asset:<id>`,
 * `device_metrics` in `device:<id>`). Values go to the charts through `onValue`; the latest of
 * each metric is published to React at most once per frame. Memory: one value per computed
 * metric of the subject.
 */
export function createComputedLive(subject: ComputedSubject) {
  const listeners = new Map<string, Set<(value: ComputedValue) => void>>();
  const signal = createFrameSignal();
  const latest: Record<string, ComputedValue> = {};
  let snapshot: LatestComputed = {};
  signal.subscribe(() => {
    snapshot = { ...latest };
  });

  return {
    subject,
    ingest(metrics: AssetMetricsEvent['metrics']) {
      for (const [metric, { value, ts }] of Object.entries(metrics)) {
        const computed = { ts: Date.parse(ts), value };
        if (!Number.isFinite(computed.ts)) continue;
        const previous = latest[metric];
        if (!previous || previous.ts <= computed.ts) latest[metric] = computed;
        listeners.get(metric)?.forEach((l) => l(computed));
      }
      signal.notify();
    },
    onValue(metric: string, listener: (value: ComputedValue) => void): () => void {
      let set = listeners.get(metric);
      if (!set) listeners.set(metric, (set = new Set()));
      set.add(listener);
      return () => {
        set.delete(listener);
        if (set.size === 0) listeners.delete(metric);
      };
    },
    subscribeLatest: (listener: () => void) => signal.subscribe(listener),
    getLatest: () => snapshot,
  };
}

export type ComputedLive = ReturnType<typeof createComputedLive>;

/** Joins the subject's room while mounted and feeds its computed values into a live store. */
export function useComputedLive(subject: ComputedSubject): ComputedLive {
  const manager = useSocketManager();
  const [live, setLive] = useState(() => createComputedLive(subject));
  const { kind, id } = subject;
  // Another subject: start from an empty store (state set during render, React's documented pattern).
  if (live.subject.kind !== kind || live.subject.id !== id) setLive(createComputedLive({ kind, id }));
  useRoom(kind === 'asset' ? assetRoom(id) : deviceRoom(id));
  useEffect(
    () =>
      kind === 'asset'
        ? manager.on('asset_metrics', (e) => e.asset_id === id && live.ingest(e.metrics))
        : manager.on('device_metrics', (e) => e.device_id === id && live.ingest(e.metrics)),
    [manager, live, kind, id],
  );
  return live;
}

export function useLatestComputed(live: ComputedLive): LatestComputed {
  return useSyncExternalStore(live.subscribeLatest, live.getLatest);
}

/** The newer of a fetched value and a live one. */
export function newestValue(
  fetched: { value: number | null; ts: string | null },
  live: ComputedValue | undefined,
): number | null {
  if (!live) return fetched.value;
  if (fetched.value === null || fetched.ts === null) return live.value;
  return Date.parse(fetched.ts) > live.ts ? fetched.value : live.value;
}
