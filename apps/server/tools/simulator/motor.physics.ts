import { smoothNoise } from './prng';
import { lag, numberProp, SQRT3, wearIn, type PhysicsDefinition, type ScenarioDef } from './physics.types';

const MODEL = 'electric_motor';
const NOMINAL_RPM = 1480;
const COOLING = 'motor_cooling_failure';
const MISALIGNMENT = 'motor_misalignment';

const scenarios: ScenarioDef[] = [
  {
    id: COOLING,
    model: MODEL,
    title: 'Cooling failure',
    description:
      'The cooling fan cover clogs with dust: the winding runs ever hotter until it crosses the class F limit; hot copper costs efficiency and a little current.',
    failingMetric: 'winding_temperature',
    direction: 'high',
    durationH: [3, 5],
    curvature: 1.2,
    correlated: ['efficiency', 'current', 'power'],
  },
  {
    id: MISALIGNMENT,
    model: MODEL,
    title: 'Shaft misalignment',
    description:
      'The coupling drifts out of alignment: vibration climbs to the ISO 10816 zone-D limit; the extra losses raise current, power and winding temperature and lower efficiency.',
    failingMetric: 'vibration',
    direction: 'high',
    durationH: [4, 6.5],
    curvature: 2.5,
    correlated: ['current', 'power', 'winding_temperature', 'efficiency'],
  },
];

/**
 * A 33 kW four-pole induction motor on a VFD driving a fan-like load (power ∝ torque·speed²).
 * Slip grows with torque, efficiency peaks near 75 % load, current = P / (√3·V·pf), and the winding
 * temperature rise is ∝ I² with a 20-minute thermal constant.
 */
export const motorPhysics: PhysicsDefinition = {
  model: MODEL,
  scenarios,
  noise: {
    vibration: { sigma: 0.03, decimals: 3, min: 0, spike: 0.8, spikeDirection: 'up', drift: 0.03 },
    winding_temperature: { sigma: 0.2, decimals: 2, spike: 5, spikeDirection: 'up', drift: 0.3 },
    current: { sigma: 0.3, decimals: 2, min: 0, spike: 4, spikeDirection: 'up' },
    voltage: { sigma: 0.8, decimals: 1, min: 0, spike: 8, spikeDirection: 'both' },
    speed: { sigma: 0.6, decimals: 1, min: 0 },
    power: { sigma: 0.12, decimals: 2, min: 0 },
    efficiency: { sigma: 0.15, decimals: 2, min: 0, max: 100 },
  },
  create(rng) {
    const ratedKw = rng.range(32, 34);
    const vibBase = rng.range(1.0, 1.4);
    const gridOffset = rng.range(-2, 2);
    const gridSeed = Math.floor(rng.next() * 1e9);
    let windingRise: number | null = null;

    return {
      evaluate(x) {
        const rpmSet = Math.max(0, numberProp(x.props, 'speed_setpoint_rpm', NOMINAL_RPM));
        const r = rpmSet / NOMINAL_RPM;
        const cooling = wearIn(x, COOLING);
        const misalign = wearIn(x, MISALIGNMENT);
        const running = r > 0.05;

        const torque = 0.58 + 0.32 * x.load;
        const outKw = running ? ratedKw * torque * r * r : 0;
        const eff = 0.945 - 0.08 * (torque - 0.78) ** 2 - 0.02 * cooling - 0.07 * misalign;
        const inKw = outKw / eff;

        // Mains sags a little when the plant is busy; slow wander stands in for the grid.
        const voltage = 400 + gridOffset - 3 * x.load + 3 * smoothNoise(gridSeed, 3, x.tMs, 2 * 3_600_000);
        const pf = 0.8 + 0.08 * torque;
        const current = running ? (inKw * 1000) / (SQRT3 * voltage * pf) : 0;
        const slipRpm = running ? 18 * (torque / 0.78) * (1 + 0.1 * cooling) : 0;
        const speed = running ? rpmSet - slipRpm : 0;

        // Copper temperature rise ∝ I²; the rated rise (I = 55 A) is 72 K.
        windingRise = lag(windingRise, 72 * (current / 55) ** 2, x.dtS, 1200);
        // Wear heat skips the lag: it builds over hours, and an accelerated scenario should not lag.
        const winding = x.degrade('winding_temperature', x.ambient + windingRise + 10 * misalign);

        const vibHealthy = running ? vibBase * (0.9 + 0.2 * torque) * (0.6 + 0.4 * r * r) : 0.05;
        const vibration = running ? x.degrade('vibration', vibHealthy) : vibHealthy;

        return {
          vibration,
          winding_temperature: winding,
          current,
          voltage,
          speed,
          power: inKw,
          efficiency: running ? eff * 100 : 0,
        };
      },
    };
  },
};
