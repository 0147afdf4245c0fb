import type { Condition, Connectivity, Device } from '@dtwin/contracts/devices';
import type { TelemetrySummaryEvent } from '@dtwin/contracts/realtime';
import type { Twin } from '@dtwin/contracts/twin';
import { useEffect, useState, useSyncExternalStore } from 'react';
import { createFrameSignal, type FrameRequest } from '../../lib/live-buffer';
import { useRoom, useSocketManager } from '../../lib/socket-hooks';

/** What the fleet room has told us about a device since its row was fetched. */
export interface DevicePatch {
  last_seen?: string;
  connectivity?: Connectivity;
  condition?: Condition;
}

export type FleetSnapshot = ReadonlyMap<string, DevicePatch>;

/** More devices than any plant floor: a bound on the map, not a limit anyone should reach. */
const MAX_DEVICES = 20_000;

/**
 * The live state of the fleet, from the `fleet` room. Events update a mutable map as they come;
 * views see an immutable snapshot, replaced at most once per animation frame.
 */
export function createFleetLive(request?: FrameRequest) {
  const pending = new Map<string, DevicePatch>();
  const signal = createFrameSignal(request);
  let snapshot: FleetSnapshot = new Map();
  let dirty = false;

  function patch(id: string, change: DevicePatch) {
    const current = pending.get(id);
    if (!current && pending.size >= MAX_DEVICES) {
      const oldest = pending.keys().next().value;
      if (oldest !== undefined) pending.delete(oldest);
    }
    pending.set(id, { ...current, ...change });
    dirty = true;
    signal.notify();
  }

  signal.subscribe(() => {
    if (!dirty) return;
    dirty = false;
    snapshot = new Map(pending);
  });

  return {
    applySummary(event: TelemetrySummaryEvent) {
      for (const device of event.devices) {
        const seen = pending.get(device.device_id)?.last_seen;
        // Summaries may be late or out of order: last seen only moves forward.
        if (!seen || Date.parse(device.ts) > Date.parse(seen))
          patch(device.device_id, { last_seen: device.ts });
      }
    },
    applyTwin(twin: Twin) {
      patch(twin.device_id, {
        connectivity: twin.connectivity,
        condition: twin.condition,
        ...(twin.last_seen ? { last_seen: twin.last_seen } : {}),
      });
    },
    /** Forget what was learnt (after a refetch brought fresher rows). */
    clear() {
      pending.clear();
      dirty = true;
      signal.notify();
    },
    subscribe: (listener: () => void) => signal.subscribe(listener),
    getSnapshot: () => snapshot,
  };
}

export type FleetLive = ReturnType<typeof createFleetLive>;

/** Joins the fleet room while mounted; returns live patches keyed by device id. */
export function useFleetLive(): FleetSnapshot {
  const manager = useSocketManager();
  const [live] = useState(() => createFleetLive());
  useRoom('fleet');
  useEffect(() => {
    const offSummary = manager.on('telemetry_summary', (event) => live.applySummary(event));
    const offTwin = manager.on('twin', (twin) => live.applyTwin(twin));
    return () => {
      offSummary();
      offTwin();
    };
  }, [manager, live]);
  return useSyncExternalStore(live.subscribe, live.getSnapshot);
}

/** A fetched device with what arrived live since, newest wins. */
export function withLive(device: Device, patch: DevicePatch | undefined): Device {
  if (!patch) return device;
  const newer =
    patch.last_seen && (!device.last_seen || Date.parse(patch.last_seen) > Date.parse(device.last_seen));
  return {
    ...device,
    connectivity: patch.connectivity ?? device.connectivity,
    condition: patch.condition ?? device.condition,
    last_seen: newer ? (patch.last_seen ?? null) : device.last_seen,
  };
}
