/**
 * What a simulated device does with a command (the built-in models' `reset_alarm`, `calibrate`
 * and `self_test`), and the answer it sends. Pure apart from the device it acts on.
 */
import type { CommandParams, DeviceCommandResponse } from '@dtwin/contracts/commands';
import { builtinModels } from '../../src/modules/models/builtin-models';
import type { DeviceSim } from './device-sim';

export function runCommand(
  sim: DeviceSim,
  name: string,
  params: CommandParams,
  tMs: number,
): DeviceCommandResponse {
  const model = builtinModels.find((m) => m.id === sim.model);
  if (!model?.commands.some((c) => c.name === name))
    return { status: 'error', message: `this device does not know the command '${name}'` };
  switch (name) {
    case 'reset_alarm': {
      const cleared = sim.resetAlarms();
      return cleared.length === 0
        ? { status: 'ok', result: { cleared: [] }, message: 'no alarm was latched' }
        : { status: 'ok', result: { cleared } };
    }
    case 'calibrate': {
      const metric = typeof params.metric === 'string' ? params.metric : undefined;
      if (metric !== undefined && !model.metrics.some((m) => m.name === metric))
        return { status: 'error', message: `no transmitter for '${metric}'` };
      return { status: 'ok', result: { offset_removed: sim.calibrate(tMs, metric) } };
    }
    case 'self_test': {
      const state = sim.state(tMs);
      const reading = sim.lastSample();
      const checks: Record<string, 'ok' | 'outside normal' | 'outside critical' | 'no reading'> = {};
      for (const m of model.metrics) {
        const v = reading[m.name];
        checks[m.name] =
          v === undefined
            ? 'no reading'
            : v < m.critical.min || v > m.critical.max
              ? 'outside critical'
              : v < m.normal.min || v > m.normal.max
                ? 'outside normal'
                : 'ok';
      }
      const full = params.level === 'full';
      const passed =
        Object.values(checks).every((c) => c !== 'outside critical') && (!full || state.health >= 0.5);
      return {
        status: 'ok',
        result: {
          passed,
          level: full ? 'full' : 'quick',
          checks,
          ...(full ? { condition_index: Math.round(state.health * 100) / 100 } : {}),
          alarms: sim.alarms(),
        },
      };
    }
    default:
      return { status: 'error', message: `the simulator cannot run '${name}'` };
  }
}
