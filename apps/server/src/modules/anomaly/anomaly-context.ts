import type { PropertyValue, Twin } from '@dtwin/contracts/twin';

/**
 * What the twin knows and a generic detector does not: changes the operator or the device made
 * on purpose. Each becomes a reason to re-baseline the device's detector instead of alerting on
 * the new operating point it leads to (see `DeviceDetector.rebaseline`):
 *
 * - a desired property changed (`speed_setpoint_rpm 2900 → 2500`), and again when the device
 *   reports the new value applied (the period starts afresh from there);
 * - maintenance mode entered or left;
 * - readings again after a silence (a restart, a reconnection): see `gapReason`.
 *
 * Bounded: it remembers the reported properties of at most `maxDevices` devices (oldest first out).
 */
export function createTwinContext({ maxDevices = 100_000 }: { maxDevices?: number } = {}) {
  const reported = new Map<string, Record<string, PropertyValue>>();

  const remember = (deviceId: string, properties: Record<string, PropertyValue>) => {
    reported.delete(deviceId);
    if (reported.size >= maxDevices) reported.delete(reported.keys().next().value!);
    reported.set(deviceId, { ...properties });
  };

  return {
    /** A twin as it changed: the properties it reports differently from before (a change applied). */
    changed(twin: Twin): string | undefined {
      const before = reported.get(twin.device_id);
      const now = twin.reported.properties;
      remember(twin.device_id, now);
      if (!before) return undefined;
      const moves = Object.keys(now)
        .filter((name) => before[name] !== undefined && before[name] !== now[name])
        .map((name) => `${name} ${String(before[name])} → ${String(now[name])}`);
      return moves.length > 0 ? moves.join(', ') : undefined;
    },

    /** A new desired state: the properties it asks to change from what the device reports. */
    desired(deviceId: string, desired: Record<string, PropertyValue>): string | undefined {
      const current = reported.get(deviceId) ?? {};
      const moves = Object.keys(desired)
        .filter((name) => current[name] !== desired[name])
        .map(
          (name) =>
            `${name} ${current[name] === undefined ? '?' : String(current[name])} → ${String(desired[name])}`,
        );
      return moves.length > 0 ? moves.join(', ') : undefined;
    },

    maintenance(maintenance: boolean): string {
      return maintenance ? 'maintenance mode entered' : 'maintenance mode left';
    },

    forget(deviceId: string): void {
      reported.delete(deviceId);
    },
  };
}

export type TwinContext = ReturnType<typeof createTwinContext>;

/** Readings again after this long a silence re-baseline the device (a restart or a reconnection). */
export const GAP_MS = 10 * 60_000;
/** How long a re-baselining lasts. */
export const REBASELINE_MS = 5 * 60_000;

export function gapReason(gapMs: number): string {
  return `readings again after ${Math.round(gapMs / 60_000)} min without any`;
}
