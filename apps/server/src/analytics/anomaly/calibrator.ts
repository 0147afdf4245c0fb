import { gaussianSurprise } from './tail';

/**
 * Calibration of a raw surprise stream, after the idea of HTM's "anomaly likelihood": what a
 * raw surprise means differs from series to series (a heavy-tailed, bursty series produces
 * large ones every day, a quiet one almost never), so the raw values are compared with the
 * series' own learnt distribution of them. The short-term mean of the raw surprise (about four
 * readings) is judged against the long-run mean and spread of that same short-term mean (about a
 * thousand readings): the result is the surprise −ln p of p, the one-sided Gaussian tail
 * probability of a short-term mean that high. Measuring the spread of the short-term mean itself
 * (not the raw spread scaled as if readings were independent) keeps an autocorrelated series,
 * whose surprises come in runs, from alarming on every run. A series that is always noisy learns
 * that its raw surprises are high and stops alarming; one that is usually quiet alarms on the
 * first small-but-clear change.
 *
 * State: four numbers (see the slots), so it can live in any Float64Array.
 */

export const CALIBRATOR_SLOTS = 4;
const N = 0;
const SHORT = 1;
/** Long-run mean and variance of the short-term mean. */
const MEAN = 2;
const VAR = 3;

/** Long-run memory of the distribution of raw surprises, in readings. */
export const CALIBRATION_MEMORY = 1000;
/** Span of the short-term mean of the raw surprise, in readings. */
const SHORT_SPAN = 4;
const SHORT_ALPHA = 2 / (SHORT_SPAN + 1);
// Raw surprises past this are capped (one wild reading must not teach the spread for a month).
const RAW_CAP = 50;
// The spread of the short-term mean never falls below this (a series that has never surprised).
const VAR_FLOOR = 0.05 * (SHORT_ALPHA / (2 - SHORT_ALPHA));
// Readings before the calibration says anything.
const WARMUP = 10;

/** Takes the next raw surprise of slot array `v` from `at`, returns the calibrated surprise. */
export function calibrate(v: Float64Array, at: number, raw: number): number {
  const r = raw > RAW_CAP ? RAW_CAP : raw > 0 ? raw : 0;
  const n = v[at + N]!;
  const short = n === 0 ? r : v[at + SHORT]! + SHORT_ALPHA * (r - v[at + SHORT]!);
  v[at + SHORT] = short;
  const mean = v[at + MEAN]!;
  const sd = Math.sqrt(Math.max(v[at + VAR]!, VAR_FLOOR));
  const z = n > WARMUP ? (short - mean) / sd : 0;
  const out = z > 0 ? Math.max(0, gaussianSurprise(z) - Math.LN2) : 0;
  const k = n + 1;
  v[at + N] = k;
  const w = 1 / Math.min(k, CALIBRATION_MEMORY);
  const d = short - mean;
  v[at + MEAN] = mean + w * d;
  v[at + VAR] = v[at + VAR]! + w * (d * d * (1 - w) - v[at + VAR]!);
  return out;
}
