import type { TelemetryEvent } from '@dtwin/contracts/realtime';
import { useEffect, useState, useSyncExternalStore } from 'react';
import { createBoundedSeries, createFrameSignal, type BoundedSeries } from '../../lib/live-buffer';
import { useRoom, useSocketManager } from '../../lib/socket-hooks';

/** Raw readings kept per metric for charts that load their history a moment later. */
const RECENT = { maxPoints: 2000, windowMs: 15 * 60_000 };

export type Reading = { ts: number; value: number };
export type LatestReadings = Readonly<Record<string, Reading>>;

/**
 * Live telemetry of one device from its `device:<id>` room. Readings go to the charts' own
 * buffers through `onReading` and into a short raw buffer per metric; the latest values are
 * published to React at most once per frame.
 */
export function createDeviceLive(deviceId: string) {
  const recent = new Map<string, BoundedSeries>();
  const listeners = new Map<string, Set<(reading: Reading) => void>>();
  const latestSignal = createFrameSignal();
  const latest: Record<string, Reading> = {};
  let snapshot: LatestReadings = {};
  latestSignal.subscribe(() => {
    snapshot = { ...latest };
  });

  return {
    deviceId,
    ingest(event: TelemetryEvent) {
      if (event.device_id !== deviceId) return;
      for (const [metric, { value, ts }] of Object.entries(event.metrics)) {
        const reading = { ts: Date.parse(ts), value };
        if (!Number.isFinite(reading.ts)) continue;
        let buffer = recent.get(metric);
        if (!buffer) recent.set(metric, (buffer = createBoundedSeries(RECENT)));
        buffer.push(reading.ts, reading.value);
        const previous = latest[metric];
        if (!previous || previous.ts <= reading.ts) latest[metric] = reading;
        listeners.get(metric)?.forEach((l) => l(reading));
      }
      latestSignal.notify();
    },
    /** Raw readings received in the last minutes, oldest first. */
    recent(metric: string): Reading[] {
      const cols = recent.get(metric)?.columns();
      return cols ? cols.ts.map((ts, i) => ({ ts, value: cols.value[i] ?? Number.NaN })) : [];
    },
    onReading(metric: string, listener: (reading: Reading) => void): () => void {
      let set = listeners.get(metric);
      if (!set) listeners.set(metric, (set = new Set()));
      set.add(listener);
      return () => set.delete(listener);
    },
    subscribeLatest: (listener: () => void) => latestSignal.subscribe(listener),
    getLatest: () => snapshot,
  };
}

export type DeviceLive = ReturnType<typeof createDeviceLive>;

/** Joins the device's room while mounted and feeds its telemetry into a live store. */
export function useDeviceLive(deviceId: string): DeviceLive {
  const manager = useSocketManager();
  const [live, setLive] = useState(() => createDeviceLive(deviceId));
  // Another device: start from an empty store (state set during render, React's documented pattern).
  if (live.deviceId !== deviceId) setLive(createDeviceLive(deviceId));
  useRoom(`device:${deviceId}`);
  useEffect(() => manager.on('telemetry', (event) => live.ingest(event)), [manager, live]);
  return live;
}

export function useLatestReadings(live: DeviceLive): LatestReadings {
  return useSyncExternalStore(live.subscribeLatest, live.getLatest);
}
