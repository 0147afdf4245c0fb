import type { LabelledSeries } from './skab';

/**
 * Seeded single-channel series, one per kind of anomaly the detector is meant to catch and
 * each unlike SKAB (white, autocorrelated, seasonal, random-walk, heavy-tailed, quantised,
 * trending). A check that the method generalises, not a benchmark; the generator is fixed and
 * nothing in the detector is fitted to it.
 */

export function createRandom(seed: number): { uniform(): number; normal(): number } {
  let s = seed >>> 0;
  const uniform = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  let spare: number | null = null;
  const normal = () => {
    if (spare !== null) {
      const v = spare;
      spare = null;
      return v;
    }
    let u = 0;
    while (u === 0) u = uniform();
    const r = Math.sqrt(-2 * Math.log(u));
    const theta = 2 * Math.PI * uniform();
    spare = r * Math.sin(theta);
    return r * Math.cos(theta);
  };
  return { uniform, normal };
}

const N = 4000;

function series(name: string, build: (x: Float64Array, labels: Uint8Array, seed: number) => void) {
  return (seed: number): LabelledSeries => {
    const x = new Float64Array(N);
    const labels = new Uint8Array(N);
    build(x, labels, seed);
    return { name: `synthetic/${name}`, group: 'synthetic', channels: ['value'], values: [x], labels };
  };
}

const mark = (labels: Uint8Array, from: number, to: number) => labels.fill(1, from, to);

export const SYNTHETIC = [
  series('spikes', (x, labels, seed) => {
    const rnd = createRandom(seed);
    for (let i = 0; i < N; i++) x[i] = 10 + rnd.normal();
    for (const at of [1500, 2600, 3400]) {
      x[at] = 10 + (rnd.uniform() < 0.5 ? -6 : 6);
      mark(labels, at, at + 1);
    }
  }),
  series('level-shift-ar1', (x, labels, seed) => {
    const rnd = createRandom(seed);
    let e = 0;
    for (let i = 0; i < N; i++) {
      e = 0.6 * e + 0.8 * rnd.normal();
      x[i] = 50 + e + (i >= 2500 && i < 2800 ? 3 : 0);
    }
    mark(labels, 2500, 2800);
  }),
  series('slow-drift', (x, labels, seed) => {
    const rnd = createRandom(seed);
    for (let i = 0; i < N; i++) x[i] = rnd.normal() + (i >= 2500 && i < 3000 ? ((i - 2500) / 500) * 4 : 0);
    mark(labels, 2500, 3000);
  }),
  series('variance-burst', (x, labels, seed) => {
    const rnd = createRandom(seed);
    for (let i = 0; i < N; i++) x[i] = 5 + rnd.normal() * (i >= 2500 && i < 2700 ? 3 : 1);
    mark(labels, 2500, 2700);
  }),
  series('seasonal-break', (x, labels, seed) => {
    const rnd = createRandom(seed);
    for (let i = 0; i < N; i++) {
      const wave = i >= 2500 && i < 2600 ? 0 : 5 * Math.sin((2 * Math.PI * i) / 100);
      x[i] = 20 + wave + 0.5 * rnd.normal();
    }
    mark(labels, 2500, 2600);
  }),
  series('seasonal-spikes', (x, labels, seed) => {
    // Yahoo-A3-like: period-50 wave with a slow trend and noise; three outliers of 4 noise σ.
    const rnd = createRandom(seed);
    for (let i = 0; i < N; i++) x[i] = 100 + 0.002 * i + 8 * Math.sin((2 * Math.PI * i) / 50) + rnd.normal();
    for (const at of [1700, 2600, 3300]) {
      x[at] = x[at]! + (rnd.uniform() < 0.5 ? -5 : 5);
      mark(labels, at, at + 1);
    }
  }),
  series('seasonal-level-shift', (x, labels, seed) => {
    const rnd = createRandom(seed);
    for (let i = 0; i < N; i++)
      x[i] = 10 * Math.sin((2 * Math.PI * i) / 120) + rnd.normal() + (i >= 2500 && i < 2800 ? 4 : 0);
    mark(labels, 2500, 2800);
  }),
  series('random-walk-jump', (x, labels, seed) => {
    const rnd = createRandom(seed);
    let level = 100;
    for (let i = 0; i < N; i++) {
      level += rnd.normal();
      if (i === 2500) level += 10;
      x[i] = level;
    }
    mark(labels, 2500, 2510);
  }),
  series('heavy-tailed-spike', (x, labels, seed) => {
    const rnd = createRandom(seed);
    // Student t with 3 degrees of freedom: normal / sqrt(chi²₃ / 3).
    for (let i = 0; i < N; i++) {
      const chi = rnd.normal() ** 2 + rnd.normal() ** 2 + rnd.normal() ** 2;
      x[i] = rnd.normal() / Math.sqrt(chi / 3);
    }
    x[2500] = 40;
    mark(labels, 2500, 2501);
  }),
  series('quantised-drop', (x, labels, seed) => {
    const rnd = createRandom(seed);
    for (let i = 0; i < N; i++) {
      const q = rnd.uniform() < 0.1 ? (rnd.uniform() < 0.5 ? -0.5 : 0.5) : 0;
      x[i] = (i >= 2500 && i < 2700 ? 30 : 32) + q;
    }
    mark(labels, 2500, 2700);
  }),
  series('trend-level-drop', (x, labels, seed) => {
    const rnd = createRandom(seed);
    for (let i = 0; i < N; i++) x[i] = 0.01 * i + rnd.normal() - (i >= 2500 && i < 2700 ? 4 : 0);
    mark(labels, 2500, 2700);
  }),
  series('stuck-sensor', (x, labels, seed) => {
    const rnd = createRandom(seed);
    for (let i = 0; i < N; i++) x[i] = i >= 2500 && i < 2800 ? (x[2499] as number) : 60 + 2 * rnd.normal();
    mark(labels, 2500, 2800);
  }),
  series('noise-only', (x, _labels, seed) => {
    const rnd = createRandom(seed);
    for (let i = 0; i < N; i++) x[i] = rnd.normal();
  }),
];
