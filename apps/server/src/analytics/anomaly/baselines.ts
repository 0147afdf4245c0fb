/**
 * The classical detectors the evaluation compares against. Both return a plain |z|-score
 * (higher is more anomalous) and flag at |z| ≥ 3, the textbook three-sigma rule.
 */

export interface ZScorer {
  /** |z| of the reading against what came before it (0 while there is no spread yet). */
  score(value: number): number;
}

export const BASELINE_THRESHOLD = 3;

/**
 * Windowed Gaussian, as NAB's `windowedGaussian` detector: the mean and standard deviation of
 * the previous `window` readings (NAB's tuned 1000 by default, step 1). Running sums over a ring
 * buffer, relative to the first value so that large offsets do not cost precision.
 */
export function createWindowedGaussian(window = 1000): ZScorer {
  const buf = new Float64Array(window);
  let count = 0;
  let head = 0;
  let origin = NaN;
  let sum = 0;
  let sumSq = 0;
  return {
    score(value) {
      if (!Number.isFinite(value)) return 0;
      if (Number.isNaN(origin)) origin = value;
      const x = value - origin;
      let z = 0;
      if (count > 0) {
        const mean = sum / count;
        const variance = Math.max(0, sumSq / count - mean * mean);
        const sd = Math.sqrt(variance) || 1e-6;
        z = Math.abs(x - mean) / sd;
      }
      if (count === window) {
        const old = buf[head]!;
        sum -= old;
        sumSq -= old * old;
      } else count += 1;
      buf[head] = x;
      head = (head + 1) % window;
      sum += x;
      sumSq += x * x;
      return z;
    },
  };
}

/** EWMA z-score: exponentially weighted mean and variance with smoothing `alpha`. */
export function createEwmaZ(alpha = 0.01): ZScorer {
  let n = 0;
  let mean = 0;
  let variance = 0;
  return {
    score(value) {
      if (!Number.isFinite(value)) return 0;
      n += 1;
      if (n === 1) {
        mean = value;
        return 0;
      }
      const sd = Math.sqrt(variance);
      const diff = value - mean;
      const z = sd > 0 ? Math.abs(diff) / sd : 0;
      // Bias-corrected start: plain running moments until 1/n drops below alpha.
      const a = Math.max(alpha, 1 / n);
      mean += a * diff;
      variance = (1 - a) * (variance + a * diff * diff);
      return z;
    },
  };
}
