/**
 * Seeded randomness for the simulator. Two kinds:
 * - a sequential PRNG (mulberry32) for one-off draws such as a device's parameters or the fleet plan;
 * - stateless hash noise keyed by (seed, channel, time), so a reading at time t is the same whatever
 *   the device sampled before it: changing the sample interval does not reshuffle the physics.
 */

const TWO_32 = 4294967296;

/** lowbias32 finaliser: a cheap, well-mixed 32-bit hash step. */
export function mix32(value: number): number {
  let h = value >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  h = Math.imul(h, 0x846ca68b);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Hashes numbers of any size (epoch milliseconds included) into 32 bits. */
export function hashInts(...values: number[]): number {
  let h = 0x9e3779b9;
  for (const v of values) {
    const n = Math.floor(v);
    h = mix32(h ^ (n >>> 0));
    h = mix32(h ^ (Math.floor(n / TWO_32) + 0x632be5ab));
  }
  return h;
}

/** FNV-1a over UTF-16 code units, then mixed; for device ids and channel names. */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return mix32(h);
}

/** A uniform number in [0, 1) that depends only on the keys. */
export function hashUnit(...keys: number[]): number {
  return hashInts(...keys) / TWO_32;
}

/** A standard normal number that depends only on the keys (Box-Muller on two hashed uniforms). */
export function hashGaussian(...keys: number[]): number {
  const u1 = Math.max(hashUnit(...keys, 0x51ed), 1e-12);
  const u2 = hashUnit(...keys, 0x2f9b);
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}

/**
 * Smooth bounded noise in [-1, 1]: uniform knots every `periodMs`, joined by smoothstep. Used for slow
 * process wander, weather and sensor drift, where a random walk would be unbounded.
 */
export function valueNoise(seed: number, channel: number, tMs: number, periodMs: number): number {
  const x = tMs / periodMs;
  const i = Math.floor(x);
  const f = x - i;
  const a = 2 * hashUnit(seed, channel, i) - 1;
  const b = 2 * hashUnit(seed, channel, i + 1) - 1;
  const s = f * f * (3 - 2 * f);
  return a + (b - a) * s;
}

/** Two octaves of value noise, still within [-1, 1]: slow wander with some texture. */
export function smoothNoise(seed: number, channel: number, tMs: number, periodMs: number): number {
  return (
    0.7 * valueNoise(seed, channel, tMs, periodMs) +
    0.3 * valueNoise(seed, channel + 7919, tMs, periodMs / 3.7)
  );
}

export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  range(min: number, max: number): number;
  /** Integer in [min, max], both included. */
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  shuffle<T>(items: readonly T[]): T[];
}

/** mulberry32: tiny, fast and good enough for simulation draws (not for anything secret). */
export function createRng(seed: number): Rng {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / TWO_32;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  return {
    next,
    range: (min, max) => min + (max - min) * next(),
    int,
    pick(items) {
      const item = items[Math.floor(next() * items.length)];
      if (item === undefined) throw new Error('pick from an empty list');
      return item;
    },
    shuffle(items) {
      const out = [...items];
      for (let i = out.length - 1; i > 0; i--) {
        const j = int(0, i);
        [out[i], out[j]] = [out[j] as (typeof out)[number], out[i] as (typeof out)[number]];
      }
      return out;
    },
  };
}
