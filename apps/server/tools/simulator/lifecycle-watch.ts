import type { DeviceSimState } from './device-sim';

/** A failure or a repair of a simulated machine, as its maintenance log would record it. */
export interface LifecycleEvent {
  deviceId: string;
  type: 'failure' | 'repair';
  ts: number;
  failureMode: string | null;
}

/**
 * Turns phase changes into maintenance-log events: entering `failed` is a failure (at the true
 * failure time, named after the scenario), leaving it a repair. Feed it each device's state now
 * and then; the first sight of a device records nothing (its past is not known).
 */
export function createLifecycleWatch() {
  const last = new Map<string, DeviceSimState['phase']>();
  return (state: DeviceSimState, now: number): LifecycleEvent | null => {
    const before = last.get(state.id);
    last.set(state.id, state.phase);
    if (before === undefined || before === state.phase) return null;
    if (state.phase === 'failed')
      return {
        deviceId: state.id,
        type: 'failure',
        ts: Math.min(now, state.failureAt ?? now),
        failureMode: state.scenario,
      };
    if (before === 'failed') return { deviceId: state.id, type: 'repair', ts: now, failureMode: null };
    return null;
  };
}
