import type { DeviceModel, MetricDefinition, PropertyDefinition } from '@dtwin/contracts/models';
import { builtinCommands } from './builtin-commands';

const sampleInterval: PropertyDefinition = {
  name: 'sample_interval_s',
  label: 'Sample interval',
  type: 'integer',
  unit: 's',
  min: 1,
  max: 3600,
  default: 5,
  writable: true,
};

const metric = (
  name: string,
  label: string,
  unit: string,
  normal: [number, number],
  critical: [number, number],
  bad: MetricDefinition['bad'],
  expected_interval_s = 5,
): MetricDefinition => ({
  name,
  label,
  unit,
  normal: { min: normal[0], max: normal[1] },
  critical: { min: critical[0], max: critical[1] },
  bad,
  expected_interval_s,
});

const sensor = (id: string, name: string, m: MetricDefinition): Omit<DeviceModel, 'commands'> => ({
  id,
  name,
  description: `Single-sensor device of the original system: ${m.label.toLowerCase()} in ${m.unit}.`,
  category: 'sensor',
  metrics: [m],
  properties: [sampleInterval],
  builtin: true,
});

/**
 * The models every installation starts with: the five single-sensor types of the original
 * system with its ranges, and multi-metric machines with ranges from common practice
 * (ISO 10816 vibration zones for machines of 15–75 kW, class F insulation, etc.).
 */
const models: Array<Omit<DeviceModel, 'commands'>> = [
  sensor(
    'temperature_sensor',
    'Temperature sensor',
    metric('temperature', 'Temperature', '°C', [15, 35], [0, 60], 'both'),
  ),
  sensor(
    'pressure_sensor',
    'Pressure sensor',
    metric('pressure', 'Pressure', 'hPa', [900, 1100], [800, 1200], 'both'),
  ),
  sensor(
    'vibration_sensor',
    'Vibration sensor',
    metric('vibration', 'Vibration', 'mm/s', [0.1, 0.3], [0, 1.0], 'high'),
  ),
  sensor(
    'humidity_sensor',
    'Humidity sensor',
    metric('humidity', 'Humidity', '%RH', [40, 70], [10, 90], 'both'),
  ),
  sensor('power_meter', 'Power meter', metric('power', 'Power', 'W', [1000, 5000], [0, 10000], 'high')),
  {
    id: 'centrifugal_pump',
    name: 'Centrifugal pump',
    description:
      'A motor-driven centrifugal pump: vibration, bearing temperature and current rise together as its bearing wears.',
    category: 'machine',
    metrics: [
      metric('vibration', 'Vibration (RMS velocity)', 'mm/s', [0.5, 2.8], [0, 7.1], 'high'),
      metric('bearing_temperature', 'Bearing temperature', '°C', [30, 70], [0, 90], 'high'),
      metric('discharge_pressure', 'Discharge pressure', 'bar', [4, 8], [2, 10], 'both'),
      metric('flow', 'Flow', 'm³/h', [40, 80], [20, 100], 'low'),
      metric('motor_current', 'Motor current', 'A', [20, 40], [0, 55], 'high'),
      metric('power', 'Power', 'kW', [10, 25], [0, 35], 'high'),
      metric('efficiency', 'Efficiency', '%', [70, 90], [50, 100], 'low'),
    ],
    properties: [
      sampleInterval,
      {
        name: 'speed_setpoint_rpm',
        label: 'Speed setpoint',
        type: 'integer',
        unit: 'rpm',
        min: 0,
        max: 3000,
        default: 2900,
        writable: true,
      },
      { name: 'running', label: 'Running', type: 'boolean', default: true, writable: true },
    ],
    builtin: true,
  },
  {
    id: 'electric_motor',
    name: 'Electric motor',
    description:
      'A three-phase induction motor: winding temperature follows load; vibration and current rise with misalignment.',
    category: 'machine',
    metrics: [
      metric('vibration', 'Vibration (RMS velocity)', 'mm/s', [0.5, 2.8], [0, 7.1], 'high'),
      metric('winding_temperature', 'Winding temperature', '°C', [40, 100], [0, 130], 'high'),
      metric('current', 'Current', 'A', [30, 60], [0, 80], 'high'),
      metric('voltage', 'Voltage', 'V', [380, 420], [340, 460], 'both'),
      metric('speed', 'Speed', 'rpm', [1440, 1500], [1300, 1550], 'both'),
      metric('power', 'Power', 'kW', [15, 35], [0, 45], 'high'),
      metric('efficiency', 'Efficiency', '%', [85, 96], [60, 100], 'low'),
    ],
    properties: [
      sampleInterval,
      {
        name: 'speed_setpoint_rpm',
        label: 'Speed setpoint',
        type: 'integer',
        unit: 'rpm',
        min: 0,
        max: 1500,
        default: 1480,
        writable: true,
      },
    ],
    builtin: true,
  },
  {
    id: 'air_compressor',
    name: 'Air compressor',
    description:
      'An oil-injected screw compressor: discharge temperature climbs as its cooler fouls; efficiency falls with leaks.',
    category: 'machine',
    metrics: [
      metric('discharge_pressure', 'Discharge pressure', 'bar', [6, 8], [4, 10], 'both'),
      metric('discharge_temperature', 'Discharge temperature', '°C', [70, 95], [0, 110], 'high'),
      metric('flow', 'Free air delivery', 'm³/min', [8, 12], [4, 14], 'low'),
      metric('motor_current', 'Motor current', 'A', [60, 90], [0, 110], 'high'),
      metric('power', 'Power', 'kW', [40, 55], [0, 70], 'high'),
      metric('vibration', 'Vibration (RMS velocity)', 'mm/s', [0.5, 2.8], [0, 7.1], 'high'),
      metric('efficiency', 'Efficiency', '%', [75, 92], [50, 100], 'low'),
    ],
    properties: [
      sampleInterval,
      {
        name: 'pressure_setpoint_bar',
        label: 'Pressure setpoint',
        type: 'number',
        unit: 'bar',
        min: 5,
        max: 9,
        default: 7,
        writable: true,
      },
    ],
    builtin: true,
  },
];

export const builtinModels: DeviceModel[] = models.map((m) => ({ ...m, commands: builtinCommands(m) }));
