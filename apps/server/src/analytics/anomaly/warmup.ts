/**
 * The first readings of a series, kept verbatim (a fixed, small number of them) so that the
 * detector can start from robust estimates: a median and MAD are not thrown off by an outlier
 * among the first few values, where running means and variances would carry it for thousands
 * of readings.
 */

export interface RobustStart {
  center: number;
  /** A robust standard deviation of the values around `center` (0 when they are all equal). */
  scale: number;
  /** A robust standard deviation of successive differences, divided by √2. */
  diffScale: number;
}

function median(sorted: readonly number[]): number {
  const n = sorted.length;
  if (n === 0) return 0;
  const mid = n >> 1;
  return n % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** Robust spread: 1.4826·MAD, falling back to the mean absolute deviation when over half the values tie. */
function spread(values: readonly number[], center: number): number {
  if (values.length === 0) return 0;
  const abs = values.map((v) => Math.abs(v - center)).sort((a, b) => a - b);
  const mad = 1.4826 * median(abs);
  if (mad > 0) return mad;
  let sum = 0;
  for (const a of abs) sum += a;
  return 1.2533 * (sum / abs.length);
}

export function robustStart(values: readonly number[]): RobustStart {
  const center = median([...values].sort((a, b) => a - b));
  const diffs: number[] = [];
  for (let i = 1; i < values.length; i++) diffs.push((values[i] as number) - (values[i - 1] as number));
  const diffCenter = median([...diffs].sort((a, b) => a - b));
  return { center, scale: spread(values, center), diffScale: spread(diffs, diffCenter) * Math.SQRT1_2 };
}
