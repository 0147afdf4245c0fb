import { assetRoom, type AssetMetricsEvent } from '@dtwin/contracts/realtime';
import { useEffect, useState, useSyncExternalStore } from 'react';
import { createFrameSignal } from '../../lib/live-buffer';
import { useRoom, useSocketManager } from '../../lib/socket-hooks';

export type ComputedValue = { ts: number; value: number };
export type LatestComputed = Readonly<Record<string, ComputedValue>>;

/**
 * An asset's computed values as the server evaluates them (`asset_metrics` in `asset:<id>`).
 * Values go to the charts through `onValue`; the latest of each metric is published to React
 * at most once per frame. Memory: one value per computed metric of the asset.
 */
export function createAssetLive(assetId: string) {
  const listeners = new Map<string, Set<(value: ComputedValue) => void>>();
  const signal = createFrameSignal();
  const latest: Record<string, ComputedValue> = {};
  let snapshot: LatestComputed = {};
  signal.subscribe(() => {
    snapshot = { ...latest };
  });

  return {
    assetId,
    ingest(event: AssetMetricsEvent) {
      if (event.asset_id !== assetId) return;
      for (const [metric, { value, ts }] of Object.entries(event.metrics)) {
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

export type AssetLive = ReturnType<typeof createAssetLive>;

/** Joins the asset's room while mounted and feeds its computed values into a live store. */
export function useAssetLive(assetId: string): AssetLive {
  const manager = useSocketManager();
  const [live, setLive] = useState(() => createAssetLive(assetId));
  // Another asset: start from an empty store (state set during render, React's documented pattern).
  if (live.assetId !== assetId) setLive(createAssetLive(assetId));
  useRoom(assetRoom(assetId));
  useEffect(() => manager.on('asset_metrics', (event) => live.ingest(event)), [manager, live]);
  return live;
}

export function useLatestComputed(live: AssetLive): LatestComputed {
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
