import { gaussianSurprise } from './tail';

/**
 * A daily-season view: the difference between a reading and the one a day earlier, judged
 * against the usual size of that difference. It sees what a one-step forecaster cannot: a daily
 * cycle whose amplitude jumps, flattens or shifts in phase, where every single step still looks
 * ordinary. It only speaks for series that really are daily-periodic (the day-over-day
 * difference varies less than a fifth of the series' own variance); on the others it is silent.
 *
 * The period in readings comes from the sampling interval (the median of the first intervals);
 * a day of more than MAX_PERIOD readings (sampled faster than every two minutes) is not tracked,
 * which bounds the ring buffer to MAX_PERIOD numbers (5.6 KiB).
 */
export const MAX_PERIOD = 720;
const MIN_PERIOD = 4;
const DAY_MS = 86_400_000;
const INTERVALS = 19;
const MEMORY = 1000;
const WARMUP = 50;
const GATE = 0.2;
const Z_CAP = 30;

export class SeasonalView {
  private readonly intervals: number[] = [];
  private lastTs = NaN;
  private period = 0;
  private ring: Float64Array | null = null;
  private seen = 0;
  private n = 0;
  private vd = 0;
  private mean = 0;
  private vx = 0;

  /** The period in readings (0 while unknown or not daily-sampled). */
  get readingsPerDay(): number {
    return this.period;
  }

  /** Surprise of `value` given the same time yesterday; 0 until a day has been seen. */
  score(value: number, tsMs?: number): number {
    if (this.ring === null) {
      this.learnInterval(tsMs);
      if (this.ring === null) return 0;
    }
    const ring = this.ring;
    const slot = this.seen % this.period;
    const old = ring[slot]!;
    ring[slot] = value;
    this.seen += 1;
    if (this.seen <= this.period) return 0;
    const e = value - old;
    const sd = Math.sqrt(this.vd);
    const periodic = this.vd < GATE * this.vx;
    const out =
      periodic && this.n > WARMUP && sd > 0 ? gaussianSurprise(Math.min(Math.abs(e) / sd, Z_CAP)) : 0;
    this.n += 1;
    const w = 1 / Math.min(this.n, MEMORY);
    const dx = value - this.mean;
    this.mean += w * dx;
    this.vx += w * (dx * dx - this.vx);
    this.vd += w * (Math.min(e * e, 25 * this.vd || e * e) - this.vd);
    return out;
  }

  private learnInterval(tsMs?: number): void {
    if (tsMs === undefined || !Number.isFinite(tsMs)) return;
    if (Number.isFinite(this.lastTs) && tsMs > this.lastTs) this.intervals.push(tsMs - this.lastTs);
    this.lastTs = tsMs;
    if (this.intervals.length < INTERVALS) return;
    const sorted = [...this.intervals].sort((a, b) => a - b);
    const period = Math.round(DAY_MS / sorted[sorted.length >> 1]!);
    this.intervals.length = 0;
    if (period >= MIN_PERIOD && period <= MAX_PERIOD) {
      this.period = period;
      this.ring = new Float64Array(period);
    } else this.lastTs = Infinity; // not daily-sampled: stop looking
  }
}
