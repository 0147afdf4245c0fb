import { describe, expect, it } from 'vitest';
import { runCommand } from './device-commands';
import { createDeviceSim } from './device-sim';
import { fixedPlan, scheduleEpisode } from './scenario-plan';

const T0 = Date.UTC(2026, 2, 2, 10);
const HOUR = 3_600_000;
const SCENARIO = 'pump_bearing_wear';

describe('simulated devices carry out commands', () => {
  it('calibrate removes the drift of a transmitter from the readings that follow', () => {
    const pump = createDeviceSim({
      id: 'P1',
      model: 'centrifugal_pump',
      seed: 7,
      spikes: false,
      outages: false,
    });
    const plain = createDeviceSim({
      id: 'P1',
      model: 'centrifugal_pump',
      seed: 7,
      spikes: false,
      outages: false,
    });
    const t = T0 + 5 * HOUR;
    pump.sample(t);
    plain.sample(t);
    const answer = runCommand(pump, 'calibrate', { metric: 'discharge_pressure' }, t);
    expect(answer.status).toBe('ok');
    const removed = (answer.result as { offset_removed: Record<string, number> }).offset_removed;
    expect(Object.keys(removed)).toEqual(['discharge_pressure']);
    expect(removed.discharge_pressure).not.toBe(0);
    // Right after, the calibrated reading differs from the uncalibrated twin by the offset removed.
    const after = pump.sample(t + 1000).discharge_pressure!;
    const without = plain.sample(t + 1000).discharge_pressure!;
    expect(after - without).toBeCloseTo(-removed.discharge_pressure!, 1);
    expect(runCommand(pump, 'calibrate', { metric: 'warp' }, t).status).toBe('error');
  });

  it('reset_alarm clears what a failure latched; self_test reports the checks and fails a worn machine', () => {
    const plan = fixedPlan([scheduleEpisode(SCENARIO, T0, { durationH: 10, repairH: 100 })]);
    const pump = createDeviceSim({
      id: 'P2',
      model: 'centrifugal_pump',
      seed: 3,
      plan,
      spikes: false,
      outages: false,
    });
    for (let t = T0; t <= T0 + 12 * HOUR; t += 600_000) pump.sample(t);
    const tEnd = T0 + 12 * HOUR;
    const test = runCommand(pump, 'self_test', { level: 'full' }, tEnd);
    expect(test.status).toBe('ok');
    const result = test.result as { passed: boolean; checks: Record<string, string>; alarms: string[] };
    expect(result.passed).toBe(false);
    expect(Object.values(result.checks)).toContain('outside critical');
    expect(result.alarms.length).toBeGreaterThan(0);
    const reset = runCommand(pump, 'reset_alarm', {}, tEnd);
    expect((reset.result as { cleared: string[] }).cleared).toEqual(result.alarms);
    expect(runCommand(pump, 'reset_alarm', {}, tEnd)).toMatchObject({ message: 'no alarm was latched' });
  });

  it('a sensor refuses a command its model does not list', () => {
    const sensor = createDeviceSim({ id: 'T1', model: 'temperature_sensor', seed: 1 });
    expect(runCommand(sensor, 'reset_alarm', {}, T0)).toMatchObject({ status: 'error' });
  });
});
