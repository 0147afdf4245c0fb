import type { Device } from '@dtwin/contracts/devices';
import type { DeviceModel } from '@dtwin/contracts/models';
import type { Twin } from '@dtwin/contracts/twin';

/** Test data for the device pages (the shapes the server answers with). */
export const pumpModel: DeviceModel = {
  id: 'centrifugal_pump',
  name: 'Centrifugal pump',
  description: 'A pump.',
  category: 'machine',
  metrics: [
    {
      name: 'bearing_temperature',
      label: 'Bearing temperature',
      unit: '°C',
      normal: { min: 30, max: 70 },
      critical: { min: 0, max: 90 },
      bad: 'high',
      expected_interval_s: 5,
    },
    {
      name: 'flow',
      label: 'Flow',
      unit: 'm³/h',
      normal: { min: 40, max: 80 },
      critical: { min: 20, max: 100 },
      bad: 'low',
      expected_interval_s: 5,
    },
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
  builtin: true,
};

export const sensorModel: DeviceModel = {
  id: 'temperature_sensor',
  name: 'Temperature sensor',
  description: 'A sensor.',
  category: 'sensor',
  metrics: [
    {
      name: 'temperature',
      label: 'Temperature',
      unit: '°C',
      normal: { min: 15, max: 35 },
      critical: { min: 0, max: 60 },
      bad: 'both',
      expected_interval_s: 5,
    },
  ],
  properties: [],
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
