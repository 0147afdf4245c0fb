import { zForSurprise } from './tail';

/** The views a reading is judged by (forecast, shift, variability): their Bonferroni term. */
const VIEWS = 3;
export const LN_VIEWS = Math.log(VIEWS);

export interface MetricDetectorOptions {
  /** Readings the baseline remembers: its adaptation time scale (default 1000). */
  memory?: number;
  /** Span of the short-term mean and variability, in readings (default 10). */
  fastSpan?: number;
  /** Readings kept verbatim for a robust start (default 24). */
  warmup?: number;
  /** The surprise (−ln p) that maps to a score of 0.5 (default ln 10⁴, i.e. p = 1e-4). */
  halfSurprise?: number;
}

/** Options with what follows from them, resolved once and shared by the metrics of a device. */
export interface MetricSettings extends Readonly<Required<MetricDetectorOptions>> {
  /** Weight of a reading in the short-term means. */
  readonly fastAlpha: number;
  /** The |z| at which a view scores 0.5, for the bands in evidence. */
  readonly zBand: number;
}

const DEFAULTS: Required<MetricDetectorOptions> = {
  memory: 1000,
  fastSpan: 10,
  warmup: 24,
  halfSurprise: Math.log(1e4),
};

export function metricSettings(options: MetricDetectorOptions = {}): MetricSettings {
  const o = { ...DEFAULTS, ...options };
  if (!(o.memory >= 10 && o.fastSpan >= 1 && o.warmup >= 3 && o.halfSurprise > 0))
    throw new Error('metric detector options out of range');
  // A literal of fixed shape (not a spread) gives every device's settings the same hidden class.
  return {
    memory: o.memory,
    fastSpan: o.fastSpan,
    warmup: o.warmup,
    halfSurprise: o.halfSurprise,
    fastAlpha: 2 / (o.fastSpan + 1),
    zBand: zForSurprise(o.halfSurprise + LN_VIEWS),
  };
}
