import { calibrate, CALIBRATOR_SLOTS } from './calibrator';
import { createMetricDetector, type MetricDetector, type MetricEvidence } from './metric-detector';
import { SeasonalView } from './seasonal';
import { LevelView } from './level-view';
import { squash } from './tail';

/**
 * The detector of one series on its own (`dtwin detect` with one column): calibrated, early and
 * sparse, for a single threshold across very different series.
 *
 * 1. Raw surprises from four views: the metric detector (one-step forecast, level shift and
 *    variability change, see metric-detector.ts), the daily-season view (seasonal.ts) and the
 *    level view on two horizons (level-view.ts: the reading against the mean and spread of the
 *    last ~1000 and ~300 readings).
 * 2. Each is calibrated against its own history (calibrator.ts), so that a surprise means the
 *    same on a bursty server metric as on a quiet temperature; the forecast and season views
 *    are combined as the stronger minus ln 2, then each level view likewise (Bonferroni).
 * 3. Sparse: once the score reaches the alert level, the following `quietRows` readings are
 *    damped (their surprise scaled by 0.3), so a change is flagged once, when it starts, not on
 *    every reading while it lasts or while the baselines learn the new normal.
 *
 * The score is squash(s, ALERT_SURPRISE / 9): 0.9 at the alert level.
 */

/** The calibrated surprise at which a change is flagged (the score 0.9). */
export const ALERT_SURPRISE = 34;
export const ALERT_SCORE = 0.9;
const HALF = ALERT_SURPRISE / 9;
const QUIET_DAMP = 0.3;
// The level view's horizons, in readings: the long run, and a shorter one that has already
// taken in a slow drift or an earlier change, so a change on top of it stands out sooner.
const LONG_LEVEL = 1000;
const SHORT_LEVEL = 300;
// While quiet, the score stays below the alert level whatever happens.
const QUIET_CAP = 0.95;

export interface SeriesDetectorOptions {
  /** Readings damped after a flag (default 100). */
  quietRows?: number;
  /** Leave out the daily-season view (for measuring what it earns). */
  noSeasonal?: boolean;
  /** Leave out the forecast view (for measuring what it earns). */
  noForecast?: boolean;
  /** Leave out the level view (for measuring what it earns). */
  noLevel?: boolean;
  /** Leave out the short-horizon level view (for measuring what it earns). */
  noShortLevel?: boolean;
  /** Leave out the calibration (raw surprises, for measuring what it earns). */
  noCalibration?: boolean;
}

export class SeriesDetector {
  private readonly metric: MetricDetector = createMetricDetector();
  private readonly seasonal = new SeasonalView();
  private readonly cal = new Float64Array(4 * CALIBRATOR_SLOTS);
  private readonly level = new LevelView(LONG_LEVEL);
  private readonly shortLevel = new LevelView(SHORT_LEVEL);
  private readonly quietRows: number;
  private quiet = 0;
  private last = 0;

  constructor(private readonly options: SeriesDetectorOptions = {}) {
    this.quietRows = options.quietRows ?? 100;
  }

  /** Scores one reading in [0, 1); non-finite values count as missing and score 0. */
  score(value: number, tsMs?: number): number {
    this.metric.score(value, tsMs);
    if (!Number.isFinite(value)) {
      if (this.quiet > 0) this.quiet -= 1;
      return (this.last = 0);
    }
    const rawForecast = this.options.noForecast ? 0 : this.metric.surprise();
    const rawSeason = this.options.noSeasonal ? 0 : this.seasonal.score(value, tsMs);
    let s: number;
    if (this.options.noCalibration) s = Math.max(rawForecast, rawSeason);
    else {
      const a = calibrate(this.cal, 0, rawForecast);
      const b = this.options.noSeasonal ? 0 : calibrate(this.cal, CALIBRATOR_SLOTS, rawSeason);
      s = Math.max(0, Math.max(a, b) - (this.options.noSeasonal ? 0 : Math.LN2));
      if (!this.options.noLevel) {
        const c = calibrate(this.cal, 2 * CALIBRATOR_SLOTS, this.level.score(value));
        s = Math.max(s, c - Math.LN2);
      }
      if (!this.options.noShortLevel) {
        const c = calibrate(this.cal, 3 * CALIBRATOR_SLOTS, this.shortLevel.score(value));
        s = Math.max(s, c - Math.LN2);
      }
    }
    if (this.quiet > 0) {
      this.quiet -= 1;
      s = Math.min(s * QUIET_DAMP, QUIET_CAP * ALERT_SURPRISE);
    } else if (s >= ALERT_SURPRISE) this.quiet = this.quietRows;
    return (this.last = squash(s, HALF));
  }

  /** Evidence behind the last score: the metric detector's view, with the calibrated score. */
  explain(): MetricEvidence {
    return { ...this.metric.explain(), score: this.last };
  }
}

export function createSeriesDetector(options: SeriesDetectorOptions = {}): SeriesDetector {
  return new SeriesDetector(options);
}
