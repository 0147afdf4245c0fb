import { seededRandom } from './gradient-boosting';
import type { RulDataset, UnitHistory } from './run-to-failure';

/** Shapes of wear over a unit's life (0 = new, 1 = failed), other than the simulator's exponential. */
export type DegradationShape = 'linear' | 'power_law' | 'random_walk' | 'step_then_drift';

function gaussian(random: () => number): number {
  return Math.sqrt(-2 * Math.log(random() || 1e-12)) * Math.cos(2 * Math.PI * random());
}

/** Wear at each step of a life of `life` steps, ending at 1. */
function wear(shape: DegradationShape, life: number, random: () => number): number[] {
  const start = 0.1 * random();
  const w: number[] = [];
  if (shape === 'random_walk') {
    let x = 0;
    const steps = Array.from({ length: life }, () => Math.max(0, 1 + 1.5 * gaussian(random)));
    const total = steps.reduce((a, s) => a + s, 0);
    for (const s of steps) w.push(start + (1 - start) * (x += s / total));
    return w;
  }
  const stepAt = Math.floor(life * (0.3 + 0.3 * random()));
  const exponent = 1.5 + 1.5 * random();
  for (let i = 1; i <= life; i++) {
    const u = i / life;
    if (shape === 'linear') w.push(start + (1 - start) * u);
    else if (shape === 'power_law') w.push(start + (1 - start) * u ** exponent);
    else {
      // A sudden partial damage (a chipped blade), then steady wear from there.
      const jump = 0.3;
      w.push(i < stepAt ? start : start + jump + (1 - start - jump) * ((i - stepAt) / (life - stepAt)));
    }
  }
  return w;
}

/**
 * A fleet of run-to-failure histories: `sensors` metrics respond to the wear with their own
 * gain and noise; one is pure noise. Lives differ from unit to unit.
 */
export function syntheticFleet(
  shape: DegradationShape,
  options: { units: number; seed: number; sensors?: number; meanLife?: number },
): RulDataset {
  const random = seededRandom(options.seed);
  const sensors = options.sensors ?? 4;
  const meanLife = options.meanLife ?? 160;
  const gains = Array.from({ length: sensors }, (_, k) =>
    k === sensors - 1 ? 0 : (k % 2 ? -1 : 1) * (1 + k),
  );
  const units: UnitHistory[] = [];
  for (let u = 1; u <= options.units; u++) {
    const life = Math.max(40, Math.round(meanLife * (0.6 + 0.8 * random())));
    const w = wear(shape, life, random);
    const offsets = gains.map(() => 0.2 * gaussian(random));
    units.push({
      unit: u,
      times: w.map((_, i) => i + 1),
      rows: w.map((x) => gains.map((g, k) => 50 + offsets[k]! + g * x * 3 + 0.25 * gaussian(random))),
    });
  }
  return { metrics: gains.map((_, k) => `m${k + 1}`), settings: [], units };
}

/** Cuts each unit at a random row; returns the cut histories and their true RUL. */
export function cutFleet(data: RulDataset, seed: number, maxRul: number) {
  const random = seededRandom(seed);
  return data.units.map((u) => {
    const n = u.rows.length;
    const last = u.times[n - 1]!;
    const first = n - 1 - Math.min(n - 11, maxRul);
    const i = first + Math.floor(random() * (n - 1 - first));
    return {
      unit: { unit: u.unit, times: u.times.slice(0, i + 1), rows: u.rows.slice(0, i + 1) },
      rul: last - u.times[i]!,
    };
  });
}
