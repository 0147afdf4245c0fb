/**
 * Tail probabilities in log space. Every statistic the detector looks at is turned into a
 * "surprise" s = −ln p (p the probability of something at least as extreme under normal
 * behaviour), because surprises add up across evidence (Fisher) and never overflow where
 * p itself would underflow to 0 and a score would saturate at exactly 1.
 */

/**
 * −ln erfc(u) for u ≥ 0, from the Chebyshev fit of Numerical Recipes (relative error of erfc
 * below 1.2e-7), rearranged so that nothing underflows however large u gets.
 */
function negLnErfc(u: number): number {
  const t = 1 / (1 + 0.5 * u);
  const poly =
    -1.26551223 +
    t *
      (1.00002368 +
        t *
          (0.37409196 +
            t *
              (0.09678418 +
                t *
                  (-0.18628806 +
                    t *
                      (0.27886807 +
                        t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
  return u * u - Math.log(t) - poly;
}

/** −ln P(|Z| ≥ z) for a standard normal Z: the surprise of a two-sided z-score. */
export function gaussianSurprise(z: number): number {
  return negLnErfc(Math.abs(z) * Math.SQRT1_2);
}

// Past TAIL_Z standard deviations the surprise grows with ln|z| instead of z²/2 (a power-law
// tail matched in value and slope). Real sensor noise is heavier-tailed than Gaussian, and a
// logarithmic growth keeps 1e308 distinguishable from 1e9 instead of both scoring exactly 1.
const TAIL_Z = 6;
const TAIL_S = gaussianSurprise(TAIL_Z);
const TAIL_SLOPE = (TAIL_Z * (gaussianSurprise(TAIL_Z + 1e-4) - gaussianSurprise(TAIL_Z - 1e-4))) / 2e-4;
const LN_TAIL_Z = Math.log(TAIL_Z);

/**
 * Surprise of a deviation given as |deviation| and a scale, both positive. Takes logs before
 * dividing so that a deviation of 1e308 over a scale of 1e-300 still gives a finite number.
 */
export function deviationSurprise(deviation: number, scale: number): number {
  const d = Math.abs(deviation);
  if (!(d > 0)) return 0;
  const z = d / scale;
  if (z <= TAIL_Z) return gaussianSurprise(z);
  const lnZ = Number.isFinite(z) ? Math.log(z) : Math.log(d / 2) + Math.LN2 - Math.log(scale);
  return TAIL_S + TAIL_SLOPE * (lnZ - LN_TAIL_Z);
}

/**
 * The |z| at which a given surprise is reached (inverse of `deviationSurprise` with scale 1),
 * used to draw the expected band in evidence. Bisection: called rarely, never per reading.
 */
export function zForSurprise(s: number): number {
  if (s <= 0) return 0;
  if (s >= TAIL_S) return TAIL_Z * Math.exp((s - TAIL_S) / TAIL_SLOPE);
  let lo = 0;
  let hi = TAIL_Z;
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (gaussianSurprise(mid) < s) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/**
 * Maps a surprise in [0, ∞) to a score in [0, 1): s / (s + half). Monotone and smooth, 0.5 at
 * s = half; it reaches 1.0 in floating point only past s ≈ 1e16·half, which no finite input
 * gets near (the largest surprise a double can produce is a few tens of thousands).
 */
export function squash(s: number, half: number): number {
  if (!(s > 0)) return 0;
  if (s === Infinity) return 1 - Number.EPSILON;
  return s / (s + half);
}

/** The surprise that `squash` maps to a given score. */
export function unsquash(score: number, half: number): number {
  return (half * score) / (1 - score);
}

const LANCZOS = [
  676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905,
  -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** ln Γ(a) for a > 0 (Lanczos, g = 7). */
export function lnGamma(a: number): number {
  if (a < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * a)) - lnGamma(1 - a);
  const x = a - 1;
  let sum = 0.99999999999980993;
  for (let i = 0; i < LANCZOS.length; i++) sum += (LANCZOS[i] as number) / (x + i + 1);
  const t = x + LANCZOS.length - 0.5;
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(sum);
}

/**
 * −ln Q(a, x): the surprise of a Gamma(a, 1) variable being at least x (Q the regularised
 * upper incomplete gamma function). Series below a + 1, Lentz's continued fraction above, as
 * in Numerical Recipes, kept in log space so that large x never underflows.
 */
export function gammaSurprise(a: number, x: number, lnGammaA = lnGamma(a)): number {
  if (!(x > 0)) return 0;
  if (x === Infinity) return Infinity;
  const lnPrefix = -x + a * Math.log(x) - lnGammaA;
  if (x < a + 1) {
    let ap = a;
    let sum = 1 / a;
    let del = sum;
    for (let n = 0; n < 200; n++) {
      ap += 1;
      del *= x / ap;
      sum += del;
      if (Math.abs(del) < Math.abs(sum) * 1e-12) break;
    }
    const p = Math.exp(lnPrefix) * sum;
    return p >= 1 ? 0 : -Math.log1p(-p);
  }
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 200; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-12) break;
  }
  return Math.max(0, -(lnPrefix + Math.log(h)));
}
