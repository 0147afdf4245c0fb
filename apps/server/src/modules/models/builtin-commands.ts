import type { CommandDefinition, DeviceModel } from '@dtwin/contracts/models';

/** Commands every built-in model accepts (the simulator's devices carry them out). */
const selfTest: CommandDefinition = {
  name: 'self_test',
  label: 'Self-test',
  description: 'Runs the built-in test of the sensors and answers with each check and a pass or fail.',
  params: [
    {
      name: 'level',
      label: 'Level',
      type: 'string',
      enum: ['quick', 'full'],
      required: false,
    },
  ],
};

const calibrate = (metrics: string[]): CommandDefinition => ({
  name: 'calibrate',
  label: 'Calibrate',
  description: "Zeroes a transmitter's calibration drift against its reference (all of them by default).",
  params: [{ name: 'metric', label: 'Metric', type: 'string', enum: metrics, required: false }],
});

const resetAlarm: CommandDefinition = {
  name: 'reset_alarm',
  label: 'Reset alarm',
  description: 'Clears the alarms the device has latched; answers with the ones it cleared.',
  params: [],
};

/** The commands of a built-in model: machines also have latched alarms to reset. */
export function builtinCommands(model: Pick<DeviceModel, 'category' | 'metrics'>): CommandDefinition[] {
  const metrics = model.metrics.map((m) => m.name);
  return model.category === 'machine'
    ? [resetAlarm, calibrate(metrics), selfTest]
    : [calibrate(metrics), selfTest];
}
