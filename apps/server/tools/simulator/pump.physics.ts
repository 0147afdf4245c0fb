import { lag, numberProp, SQRT3, wearIn, type PhysicsDefinition, type ScenarioDef } from './physics.types';

const MODEL = 'centrifugal_pump';
const NOMINAL_RPM = 2900;
const BEARING = 'pump_bearing_wear';
const SUCTION = 'pump_suction_blockage';

const scenarios: ScenarioDef[] = [
  {
    id: BEARING,
    model: MODEL,
    title: 'Bearing wear',
    description:
      'A rolling-element bearing wears: vibration climbs to the ISO 10816 zone-D limit while friction heats the bearing and draws more motor current and power.',
    failingMetric: 'vibration',
    direction: 'high',
    durationH: [4, 6.5],
    curvature: 3,
    correlated: ['bearing_temperature', 'motor_current', 'power', 'efficiency'],
  },
  {
    id: SUCTION,
    model: MODEL,
    title: 'Suction strainer blockage',
    description:
      'The suction strainer clogs: flow falls to its low limit, discharge pressure sags, cavitation raises vibration, and current and power fall with the flow.',
    failingMetric: 'flow',
    direction: 'low',
    durationH: [3, 5],
    curvature: 1.5,
    correlated: ['discharge_pressure', 'vibration', 'efficiency', 'motor_current', 'power'],
  },
];

/**
 * A 15 kW-class centrifugal pump on a VFD. Flow is set by the plant's demand, head follows the pump
 * curve, speed obeys the affinity laws (Q ∝ n, H ∝ n²); electrical power = Q·Δp / (η_pump·η_motor)
 * plus bearing friction, and current comes from power. Noise levels are those of the SKAB pump test
 * bench (flow ≈ 1 % RMS, vibration ≈ 2 %), scaled to this pump.
 */
export const pumpPhysics: PhysicsDefinition = {
  model: MODEL,
  scenarios,
  noise: {
    vibration: { sigma: 0.03, decimals: 3, min: 0, spike: 0.8, spikeDirection: 'up', drift: 0.03 },
    bearing_temperature: { sigma: 0.15, decimals: 2, spike: 4, spikeDirection: 'up', drift: 0.3 },
    discharge_pressure: { sigma: 0.04, decimals: 3, min: 0, spike: 0.6, spikeDirection: 'both' },
    flow: { sigma: 0.6, decimals: 2, min: 0, spike: 6, spikeDirection: 'both' },
    motor_current: { sigma: 0.35, decimals: 2, min: 0, spike: 3, spikeDirection: 'up' },
    power: { sigma: 0.15, decimals: 2, min: 0 },
    efficiency: { sigma: 0.4, decimals: 1, min: 0, max: 100 },
  },
  create(rng) {
    const flowMin = rng.range(51, 54);
    const flowSpan = rng.range(18, 21);
    const headScale = rng.range(0.97, 1.03);
    const vibBase = rng.range(1.1, 1.5);
    const bepFlow = rng.range(60, 64);
    const motorEfficiency = 0.93;
    let bearingTemp: number | null = null;

    return {
      evaluate(x) {
        const running = x.props.running !== false;
        const rpm = running ? Math.max(0, numberProp(x.props, 'speed_setpoint_rpm', NOMINAL_RPM)) : 0;
        const r = rpm / NOMINAL_RPM;
        const bearing = wearIn(x, BEARING);

        // The plant's valves set the demand; the pump delivers it scaled by speed.
        const demand = flowMin + flowSpan * x.load;
        const flowHealthy = demand * r;
        const flow = r > 0.05 ? Math.max(0, x.degrade('flow', flowHealthy)) : 0;
        const clog = flowHealthy > 0 ? Math.min(1, Math.max(0, 1 - flow / flowHealthy)) : 0;

        const headBar = headScale * (7.4 - 0.06 * (demand - 45)) * r * r;
        const pressure = headBar * (1 - 0.45 * clog);
        const hydraulicKw = (flow * pressure) / 36; // m³/h · bar → kW

        const offBep = (flow - bepFlow * r) / Math.max(bepFlow * r, 1);
        const pumpEff = Math.max(0.2, 0.8 * (1 - 0.5 * offBep * offBep));
        const frictionKw = (0.35 + 4.5 * bearing) * r;
        const shaftKw = r > 0.05 ? hydraulicKw / pumpEff + frictionKw : 0;
        const powerKw = shaftKw / motorEfficiency;
        // Magnetising current stays while the motor is energised; the load current follows power.
        const loadAmps = (powerKw * 1000) / (SQRT3 * 400 * 0.95);
        const current = r > 0.05 ? Math.sqrt((7 * r) ** 2 + loadAmps ** 2) : 0;

        const heatTarget = x.ambient + (r > 0.05 ? 16 + 8 * (shaftKw / 14) : 0);
        bearingTemp = lag(bearingTemp, heatTarget, x.dtS, 900);
        // Wear heat is added without the lag: wear builds over hours, far slower than the 15-minute
        // thermal constant, and an accelerated scenario should not see an artificial delay.
        const bearingTemperature = bearingTemp + 32 * bearing * Math.min(1, r * 1.2);

        const vibHealthy =
          r > 0.05 ? vibBase * (0.85 + 0.15 * r * r) * (1 + 0.6 * offBep * offBep) + 2.2 * clog : 0.05;
        const vibration = r > 0.05 ? x.degrade('vibration', vibHealthy) : vibHealthy;

        return {
          vibration,
          bearing_temperature: bearingTemperature,
          discharge_pressure: pressure,
          flow,
          motor_current: current,
          power: powerKw,
          efficiency: shaftKw > 0 ? (100 * hydraulicKw) / shaftKw : 0,
        };
      },
    };
  },
};
