import type { Device } from '@dtwin/contracts/devices';
import type { DeviceModel, MetricDefinition } from '@dtwin/contracts/models';
import type { Twin } from '@dtwin/contracts/twin';

/** Test data for the device pages (the shapes the server answers with). */

/** A metric with its normal and critical ranges as `[min, max]`. */
export function makeMetric(
  name: string,
  label: string,
  unit: string,
  [normalMin, normalMax]: readonly [number, number],
  [criticalMin, criticalMax]: readonly [number, number],
  bad: MetricDefinition['bad'],
  expected_interval_s = 5,
): MetricDefinition {
  return {
    name,
    label,
    unit,
    normal: { min: normalMin, max: normalMax },
    critical: { min: criticalMin, max: criticalMax },
    bad,
    expected_interval_s,
  };
}

export const pumpModel: DeviceModel = {
  id: 'centrifugal_pump',
  name: 'Centrifugal pump',
  description: 'A pump.',
  category: 'machine',
  metrics: [
    makeMetric('bearing_temperature', 'Bearing temperature', '°C', [30, 70], [0, 90], 'high'),
    makeMetric('flow', 'Flow', 'm³/h', [40, 80], [20, 100], 'low'),
  ],
  properties: [
    {
      name: 'sample_interval_s',
      label: 'Sample interval',
      type: 'integer',
      unit: 's',
      min: 1,
      max: 3600,
      writable: true,
    },
    {
      name: 'speed_setpoint_rpm',
      label: 'Speed setpoint',
      type: 'integer',
      unit: 'rpm',
      min: 0,
      max: 3000,
      writable: true,
    },
    { name: 'running', label: 'Running', type: 'boolean', writable: true },
    { name: 'serial', label: 'Serial number', type: 'string', writable: false },
  ],
  commands: [
    { name: 'reset_alarm', label: 'Reset alarm', description: 'Clears latched alarms.', params: [] },
    {
      name: 'self_test',
      label: 'Self-test',
      description: 'Runs the built-in test.',
      params: [{ name: 'level', label: 'Level', type: 'string', enum: ['quick', 'full'], required: false }],
    },
  ],
  builtin: true,
};

export const sensorModel: DeviceModel = {
  id: 'temperature_sensor',
  name: 'Temperature sensor',
  description: 'A sensor.',
  category: 'sensor',
  metrics: [makeMetric('temperature', 'Temperature', '°C', [15, 35], [0, 60], 'both')],
  properties: [],
  commands: [],
  builtin: true,
};

export function makeDevice(overrides: Partial<Device> & Pick<Device, 'id'>): Device {
  return {
    name: `Device ${overrides.id}`,
    model: 'centrifugal_pump',
    location: { site: 'Plant 1', zone: 'Pumps', x: 20, y: 30 },
    manufacturer: null,
    model_number: null,
    firmware: null,
    installed_at: null,
    last_maintenance_at: null,
    tags: [],
    maintenance_mode: false,
    asset_id: null,
    connectivity: 'online',
    condition: 'normal',
    last_seen: new Date().toISOString(),
    created_at: '2025-01-10T08:00:00.000Z',
    ...overrides,
  };
}

export function makeTwin(overrides: Partial<Twin> & Pick<Twin, 'device_id'>): Twin {
  return {
    reported: { metrics: {}, properties: {} },
    desired: {},
    delta: {},
    version: 1,
    connectivity: 'online',
    condition: 'normal',
    last_seen: new Date().toISOString(),
    ...overrides,
  };
}
