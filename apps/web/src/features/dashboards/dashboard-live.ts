import { deviceRoom } from '@dtwin/contracts/realtime';
import { createContext, use, useEffect, useState } from 'react';
import { useSocketManager } from '../../lib/socket-hooks';
import { createDeviceLive, type DeviceLive } from '../devices/device-live';

/** At most this many device rooms per dashboard (a status table of the whole fleet uses the fleet room). */
const MAX_ROOMS = 60;

/**
 * The live readings of every device a dashboard shows: joins each `device:<id>` room once, for
 * all widgets, and hands each widget the device's live store.
 */
export function useDashboardLive(deviceIds: readonly string[]): ReadonlyMap<string, DeviceLive> {
  const manager = useSocketManager();
  const key = [...new Set(deviceIds)].sort().slice(0, MAX_ROOMS).join('\n');
  const [lives, setLives] = useState<{ key: string; map: Map<string, DeviceLive> }>(() => ({
    key,
    map: storesFor(key),
  }));
  if (lives.key !== key) setLives({ key, map: storesFor(key, lives.map) });
  const { map } = lives;

  useEffect(() => {
    const leaves = [...map.keys()].map((id) => manager.join(deviceRoom(id)));
    const off = manager.on('telemetry', (event) => map.get(event.device_id)?.ingest(event));
    return () => {
      off();
      leaves.forEach((leave) => leave());
    };
  }, [manager, map]);
  return map;
}

function storesFor(key: string, previous?: Map<string, DeviceLive>): Map<string, DeviceLive> {
  const ids = key ? key.split('\n') : [];
  return new Map(ids.map((id) => [id, previous?.get(id) ?? createDeviceLive(id)]));
}

export const DashboardLiveContext = createContext<ReadonlyMap<string, DeviceLive>>(new Map());

export function useLiveOf(deviceId: string | null): DeviceLive | null {
  const map = use(DashboardLiveContext);
  return deviceId ? (map.get(deviceId) ?? null) : null;
}
