import { smoothNoise } from './prng';
import type { MetricNoise, PhysicsDefinition, ScenarioDef } from './physics.types';

const HOUR = 3_600_000;

function sensor(
  model: string,
  metric: string,
  noise: MetricNoise,
  scenario: Omit<ScenarioDef, 'model' | 'failingMetric' | 'correlated'>,
  create: PhysicsDefinition['create'],
): PhysicsDefinition {
  return {
    model,
    scenarios: [{ ...scenario, model, failingMetric: metric, correlated: [] }],
    noise: { [metric]: noise },
    create,
  };
}

/** Room temperature where the sensor hangs: the plant air plus the spot's own offset. */
export const temperatureSensorPhysics = sensor(
  'temperature_sensor',
  'temperature',
  { sigma: 0.1, decimals: 2, spike: 4, spikeDirection: 'both', drift: 0.3 },
  {
    id: 'cabinet_overheating',
    title: 'Cabinet cooling loss',
    description:
      'The cooling unit of the enclosure the sensor watches fails: the temperature climbs to the critical limit.',
    direction: 'high',
    durationH: [3, 6],
    curvature: 0.8,
  },
  (rng) => {
    const offset = rng.range(-1, 1);
    return { evaluate: (x) => ({ temperature: x.degrade('temperature', x.ambient + offset) }) };
  },
);

/** Relative humidity: lower when the air warms up, plus the weather. */
export const humiditySensorPhysics = sensor(
  'humidity_sensor',
  'humidity',
  { sigma: 0.5, decimals: 1, min: 0, max: 100, spike: 8, spikeDirection: 'both', drift: 1 },
  {
    id: 'steam_leak',
    title: 'Steam leak',
    description: 'A steam trap or hose starts leaking nearby: humidity climbs to the critical limit.',
    direction: 'high',
    durationH: [3, 5],
    curvature: 1.2,
  },
  (rng) => {
    const offset = rng.range(-2, 2);
    const weatherSeed = Math.floor(rng.next() * 1e9);
    return {
      evaluate(x) {
        // Warmer air holds more water, so the same air reads drier when the plant heats up.
        const healthy = 55 + offset - (x.ambient - 23) + 2.5 * smoothNoise(weatherSeed, 1, x.tMs, 8 * HOUR);
        return { humidity: x.degrade('humidity', healthy) };
      },
    };
  },
);

/** Barometric-range pressure (hPa) of a low-pressure line: weather fronts, tides and the site's altitude. */
export const pressureSensorPhysics = sensor(
  'pressure_sensor',
  'pressure',
  { sigma: 0.2, decimals: 1, spike: 15, spikeDirection: 'both', drift: 0.5 },
  {
    id: 'pressure_line_leak',
    title: 'Line leak',
    description: 'A seal on the monitored line starts leaking: the pressure falls to the low critical limit.',
    direction: 'low',
    durationH: [3, 6],
    curvature: 1.5,
  },
  (rng) => {
    const offset = rng.range(-4, 4);
    const weatherSeed = Math.floor(rng.next() * 1e9);
    return {
      evaluate(x) {
        const fronts = 12 * smoothNoise(weatherSeed, 1, x.tMs, 36 * HOUR);
        const tide = 0.8 * Math.cos((4 * Math.PI * x.tMs) / (24 * HOUR)); // semi-diurnal atmospheric tide
        return { pressure: x.degrade('pressure', 1013 + offset + fronts + tide) };
      },
    };
  },
);

/** A vibration probe on a fan or gearbox: runs harder on shift. */
export const vibrationSensorPhysics = sensor(
  'vibration_sensor',
  'vibration',
  { sigma: 0.006, decimals: 4, min: 0, spike: 0.08, spikeDirection: 'up', drift: 0.008 },
  {
    id: 'machine_bearing_wear',
    title: 'Bearing wear on the monitored machine',
    description:
      'The bearing of the machine the probe sits on wears: vibration climbs to the critical limit.',
    direction: 'high',
    durationH: [4, 6.5],
    curvature: 3,
  },
  (rng) => {
    const base = rng.range(0.14, 0.17);
    return { evaluate: (x) => ({ vibration: x.degrade('vibration', base + 0.07 * x.load) }) };
  },
);

/** A power meter on a production line's feeder: follows the shifts. */
export const powerMeterPhysics = sensor(
  'power_meter',
  'power',
  { sigma: 35, decimals: 0, min: 0, spike: 1500, spikeDirection: 'up', drift: 30 },
  {
    id: 'drive_overload',
    title: 'Jammed drive overload',
    description:
      'A drive on the metered feeder starts binding: the power drawn climbs to the critical limit.',
    direction: 'high',
    durationH: [3, 6],
    curvature: 2,
  },
  (rng) => {
    const scale = rng.range(0.9, 1.1);
    const processSeed = Math.floor(rng.next() * 1e9);
    return {
      evaluate(x) {
        const healthy = 1400 + 2700 * scale * x.load + 120 * smoothNoise(processSeed, 1, x.tMs, 10 * 60_000);
        return { power: x.degrade('power', healthy) };
      },
    };
  },
);
