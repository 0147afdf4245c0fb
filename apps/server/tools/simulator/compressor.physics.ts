import { smoothNoise } from './prng';
import { lag, numberProp, SQRT3, wearIn, type PhysicsDefinition, type ScenarioDef } from './physics.types';

const MODEL = 'air_compressor';
const FOULING = 'compressor_cooler_fouling';
const LEAK = 'compressor_air_leak';
const CAPACITY = 13.2; // m³/min at full speed

const scenarios: ScenarioDef[] = [
  {
    id: FOULING,
    model: MODEL,
    title: 'Oil cooler fouling',
    description:
      'The oil cooler fouls: discharge temperature climbs to the high-temperature trip; hotter air needs more specific power and efficiency falls.',
    failingMetric: 'discharge_temperature',
    direction: 'high',
    durationH: [4, 6.5],
    curvature: 1.3,
    correlated: ['power', 'motor_current', 'efficiency'],
  },
  {
    id: LEAK,
    model: MODEL,
    title: 'Compressed-air leak',
    description:
      'A leak in the distribution grows: the compressor makes more air for the same useful demand, so flow, power and current rise and efficiency (useful air per kWh) falls to its low limit; near capacity the pressure sags.',
    failingMetric: 'efficiency',
    direction: 'low',
    durationH: [3, 5],
    curvature: 1.5,
    correlated: ['flow', 'power', 'motor_current', 'discharge_pressure'],
  },
];

/**
 * A 55 kW oil-injected screw compressor with a variable-speed drive: it holds the pressure setpoint
 * and delivers what the plant draws. Power = flow × specific power (≈ 4.4 kW per m³/min at 7 bar,
 * +7 % per extra bar); discharge temperature follows power with a 6-minute lag.
 */
export const compressorPhysics: PhysicsDefinition = {
  model: MODEL,
  scenarios,
  noise: {
    discharge_pressure: { sigma: 0.025, decimals: 3, min: 0, spike: 0.5, spikeDirection: 'both' },
    discharge_temperature: { sigma: 0.2, decimals: 2, spike: 5, spikeDirection: 'up', drift: 0.3 },
    flow: { sigma: 0.08, decimals: 2, min: 0, spike: 1.2, spikeDirection: 'both' },
    motor_current: { sigma: 0.5, decimals: 2, min: 0, spike: 6, spikeDirection: 'up' },
    power: { sigma: 0.3, decimals: 2, min: 0 },
    vibration: { sigma: 0.03, decimals: 3, min: 0, spike: 0.8, spikeDirection: 'up', drift: 0.03 },
    efficiency: { sigma: 0.3, decimals: 1, min: 0, max: 100 },
  },
  create(rng) {
    const demandScale = rng.range(0.97, 1.03);
    const vibBase = rng.range(1.3, 1.7);
    const controlSeed = Math.floor(rng.next() * 1e9);
    let dischargeRise: number | null = null;

    return {
      evaluate(x) {
        const setpoint = numberProp(x.props, 'pressure_setpoint_bar', 7);
        const fouling = wearIn(x, FOULING);

        const useful = (9 + 2.6 * x.load) * demandScale;
        const effHealthy = 86 - 3 * Math.abs(x.load - 0.7) - 5 * fouling;
        const efficiency = x.degrade('efficiency', effHealthy);
        // Efficiency is useful air over air made: whatever it loses is leaking away.
        const made = useful * (effHealthy / Math.max(efficiency, 1));
        const flow = Math.min(made, CAPACITY);
        const shortfall = Math.max(0, made - CAPACITY) / CAPACITY;
        const pressure =
          setpoint - 2.5 * shortfall + 0.06 * smoothNoise(controlSeed, 5, x.tMs, 90_000) * (1 - shortfall);

        const specificKw = 4.4 * (1 + 0.07 * (setpoint - 7)) * (1 + 0.06 * fouling);
        const power = flow * specificKw + 1;
        const current = (power * 1000) / (SQRT3 * 400 * 0.9);

        dischargeRise = lag(dischargeRise, 50 + 9 * (power / 50), x.dtS, 360);
        const dischargeTemperature = x.degrade('discharge_temperature', x.ambient + dischargeRise);
        const vibration = vibBase * (0.9 + 0.2 * (flow / CAPACITY));

        return {
          discharge_pressure: pressure,
          discharge_temperature: dischargeTemperature,
          flow,
          motor_current: current,
          power,
          vibration,
          efficiency,
        };
      },
    };
  },
};
