/** What a metric detector says about its last reading, in numbers and in one sentence. */

/** Which view of the series found the reading unusual. */
export type Rule = 'forecast' | 'shift' | 'variability' | 'warmup' | 'missing';

export interface MetricEvidence {
  score: number;
  rule: Rule;
  /** The reading (null when it was missing) and its time, if one was given. */
  value: number | null;
  tsMs: number | null;
  /** What the rule compared: the reading, its short-term mean, or its short-term spread. */
  observed: number | null;
  expected: number;
  /** Where `observed` would have scored below 0.5. */
  band: [number, number];
  /** The standardised deviation behind the score (for `variability`, of the log spread ratio). */
  z: number;
  readings: number;
  message: string;
}

/**
 * The numbers behind the last score, per view (0 forecast or warm-up, 1 shift, 2 variability),
 * kept in the detector's array from an offset: three z, then three centres, scales and observed.
 */
const Z = 0;
const CENTER = 3;
const SCALE = 6;
const OBSERVED = 9;
export const VIEW_SLOTS = 12;

export function setView(
  v: Float64Array,
  at: number,
  view: number,
  z: number,
  center: number,
  scale: number,
  observed: number,
): void {
  v[at + Z + view] = z;
  v[at + CENTER + view] = center;
  v[at + SCALE + view] = scale;
  v[at + OBSERVED + view] = observed;
}

const WHAT = {
  forecast: 'reading',
  warmup: 'reading',
  shift: 'short-term mean',
  variability: 'short-term spread',
};
const AGAINST = {
  forecast: 'forecast',
  warmup: 'median so far',
  shift: 'baseline',
  variability: 'usual spread',
};

const short = (v: number) => Number(v.toPrecision(5)).toString();

/**
 * Evidence for the last reading, from the views stored in `v` from `at`. `zBand` is the |z| at
 * which a view's score reaches 0.5; for variability the z is of a log variance ratio, so its
 * band on the spread is multiplicative.
 */
export function describe(
  rule: Rule,
  v: Float64Array,
  at: number,
  zBand: number,
  base: { score: number; value: number | null; tsMs: number | null; readings: number },
): MetricEvidence {
  if (rule === 'missing')
    return {
      ...base,
      rule,
      observed: null,
      expected: NaN,
      band: [NaN, NaN],
      z: 0,
      message: 'missing reading',
    };
  const i = rule === 'shift' ? 1 : rule === 'variability' ? 2 : 0;
  const c = v[at + CENTER + i]!;
  const half = zBand * v[at + SCALE + i]!;
  const band: [number, number] =
    i === 2 ? [c * Math.exp(-half / 2), c * Math.exp(half / 2)] : [c - half, c + half];
  const observed = v[at + OBSERVED + i]!;
  const z = v[at + Z + i]!;
  const message =
    `${rule}: ${WHAT[rule]} ${short(observed)} vs ${AGAINST[rule]} ${short(c)} ` +
    `(normal ${short(band[0])} to ${short(band[1])}, z = ${z.toFixed(1)})`;
  return { ...base, rule, observed, expected: c, band, z, message };
}
