import { gaussianSurprise } from './tail';

/**
 * The level view: a reading against the long-run mean and standard deviation of the series
 * (exponentially weighted over `memory` readings), the streaming form of the classical
 * windowed Gaussian. Where the forecaster quickly takes a new level as its forecast, this view
 * keeps saying "far from the usual" for as long as the long-run statistics need to adapt, which
 * lets the calibration see a sustained excursion rather than a single step. Three numbers.
 */
const WARMUP = 10;
const Z_CAP = 30;

export class LevelView {
  private n = 0;
  private mean = 0;
  private variance = 0;

  /** `memory`: the horizon of the mean and spread, in readings. */
  constructor(private readonly memory: number) {}

  /** Surprise of `value` (finite) against the long-run mean and spread, then learns it. */
  score(value: number): number {
    this.n += 1;
    const sd = Math.sqrt(this.variance);
    const out =
      this.n > WARMUP && sd > 0 ? gaussianSurprise(Math.min(Math.abs(value - this.mean) / sd, Z_CAP)) : 0;
    const w = 1 / Math.min(this.n, this.memory);
    const d = value - this.mean;
    this.mean += w * d;
    this.variance += w * (d * d * (1 - w) - this.variance);
    return out;
  }
}
