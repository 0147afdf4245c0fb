import {
  BASELINE_THRESHOLD,
  createEwmaZ,
  createWindowedGaussian,
} from '../../src/analytics/anomaly/baselines';
import {
  createDeviceDetector,
  type DeviceDetectorOptions,
} from '../../src/analytics/anomaly/device-detector';
import {
  addCounts,
  addNab,
  bestF1,
  emptyNab,
  labelWindows,
  nabScore,
  NAB_LOW_FP,
  NAB_STANDARD,
  normalisedNab,
  pointCounts,
  prf,
  type NabParts,
  type PointCounts,
} from './metrics';
import type { LabelledSeries } from './skab';
import { createRandom } from './synthetic';

/** A way to score rows of a channel set: higher is more anomalous, flagged at `threshold`. */
export interface Method {
  name: string;
  threshold: number;
  create(channels: readonly string[]): (row: Float64Array) => number;
}

export const DETECTOR_THRESHOLD = 0.5;

export function detectorMethod(options: DeviceDetectorOptions = {}, name = 'detector'): Method {
  return {
    name,
    threshold: DETECTOR_THRESHOLD,
    create(channels) {
      const device = createDeviceDetector(channels, options);
      return (row) => device.scoreArray(row);
    },
  };
}

/** A univariate |z| baseline applied per channel; a row scores its largest |z| (the usual rule). */
function maxZ(name: string, make: () => { score(v: number): number }): Method {
  return {
    name,
    threshold: BASELINE_THRESHOLD,
    create(channels) {
      const scorers = channels.map(make);
      return (row) => {
        let max = 0;
        for (let i = 0; i < scorers.length; i++) max = Math.max(max, scorers[i]!.score(row[i]!));
        return max;
      };
    },
  };
}

/**
 * A reference, not a detector: flags 1 % of rows at random (seeded). On series with long labelled
 * windows it shows how much of an event score chance alone earns.
 */
export function randomMethod(rate = 0.01, seed = 1): Method {
  return {
    name: `random ${rate * 100} %`,
    threshold: 1,
    create() {
      const rnd = createRandom(seed);
      return () => (rnd.uniform() < rate ? 1 : 0);
    },
  };
}

export const windowedGaussianMethod = maxZ('windowed-gaussian', () => createWindowedGaussian(1000));
export const ewmaMethod = maxZ('ewma-z', () => createEwmaZ(0.01));

export interface Result {
  method: string;
  counts: PointCounts;
  nab: NabParts;
  nabLowFp: NabParts;
  /** NAB standard over alarms: only the first row of each run of flags counts (see `alarmOnsets`). */
  nabAlarms: NabParts;
  scores: number[];
  labels: number[];
  readings: number;
  elapsedMs: number;
}

/** Runs one method over runs restricted to some channels; every run starts from a fresh state. */
export function evaluate(
  method: Method,
  runs: readonly LabelledSeries[],
  channels: readonly string[],
): Result {
  const result: Result = {
    method: method.name,
    counts: { tp: 0, fp: 0, fn: 0, tn: 0 },
    nab: emptyNab(),
    nabLowFp: emptyNab(),
    nabAlarms: emptyNab(),
    scores: [],
    labels: [],
    readings: 0,
    elapsedMs: 0,
  };
  for (const run of runs) {
    const columns = channels.map((c) => {
      const i = run.channels.indexOf(c);
      if (i < 0) throw new Error(`${run.name} has no channel ${c}`);
      return run.values[i]!;
    });
    const rows = run.labels.length;
    const scores = new Float64Array(rows);
    const scorer = method.create(channels);
    const row = new Float64Array(channels.length);
    // CPU time, not wall time: a busy machine should slow the run, not inflate the figure.
    const started = process.cpuUsage();
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < columns.length; c++) row[c] = columns[c]![r]!;
      scores[r] = scorer(row);
    }
    const used = process.cpuUsage(started);
    result.elapsedMs += (used.user + used.system) / 1000;
    result.readings += rows * channels.length;
    const flags = Array.from(scores, (s) => s >= method.threshold);
    const windows = labelWindows(run.labels);
    result.counts = addCounts(result.counts, pointCounts(flags, run.labels));
    result.nab = addNab(result.nab, nabScore(flags, windows, NAB_STANDARD));
    result.nabLowFp = addNab(result.nabLowFp, nabScore(flags, windows, NAB_LOW_FP));
    result.nabAlarms = addNab(result.nabAlarms, nabScore(alarmOnsets(flags), windows, NAB_STANDARD));
    for (let r = 0; r < rows; r++) {
      result.scores.push(scores[r]!);
      result.labels.push(run.labels[r]!);
    }
  }
  return result;
}

/**
 * The rows where an alarm starts: flagged, and the row before was not. The platform raises one
 * alert per episode, not one per row, so this is what an operator would be paged for.
 */
export function alarmOnsets(flags: readonly boolean[]): boolean[] {
  return flags.map((flag, i) => flag && !(i > 0 && flags[i - 1]));
}

export interface Summary {
  method: string;
  precision: number;
  recall: number;
  f1: number;
  nab: number;
  nabLowFp: number;
  nabAlarms: number;
  detected: number;
  windows: number;
  /** Composite F-score (Garg et al. 2021): harmonic mean of point precision and event recall. */
  fc: number;
  falsePositives: number;
  medianDelay: number | null;
  bestF1: number;
  nsPerReading: number;
}

export function summarise(r: Result): Summary {
  const p = prf(r.counts);
  const eventRecall = r.nab.windows > 0 ? r.nab.detected / r.nab.windows : 0;
  const delays = [...r.nab.delays].sort((a, b) => a - b);
  return {
    method: r.method,
    ...p,
    nab: normalisedNab(r.nab),
    nabLowFp: normalisedNab(r.nabLowFp),
    nabAlarms: normalisedNab(r.nabAlarms),
    detected: r.nab.detected,
    windows: r.nab.windows,
    fc: p.precision + eventRecall > 0 ? (2 * p.precision * eventRecall) / (p.precision + eventRecall) : 0,
    falsePositives: r.nab.falsePositives,
    medianDelay: delays.length > 0 ? delays[Math.floor((delays.length - 1) / 2)]! : null,
    bestF1: bestF1(r.scores, r.labels).f1,
    nsPerReading: (r.elapsedMs * 1e6) / Math.max(1, r.readings),
  };
}
