/**
 * Scoring a detector against labels: point-wise precision/recall/F1, and NAB's event-level
 * score (Lavin & Ahmad 2015; the current numenta/NAB `sweeper.py`), re-implemented exactly:
 *
 * - each labelled window (a run of label 1) counts once: its earliest detection scores
 *   A_tp · σ̃(−(right − i + 1)/width) / σ̃(−1), which is 1.0 at the window's first row and falls
 *   to ≈ 0 at its last (σ̃(x) = 2/(1 + e^{5x}) − 1), so early detection is rewarded; a window
 *   with no detection costs −A_fn;
 * - every flagged row outside a window costs A_fp · σ̃(distance past the preceding window, in
 *   window widths) — nearly nothing just after a window, the full −A_fp far from it or before
 *   the first window;
 * - the first min(15 %, 750) rows of each series are a probationary period and count for nothing;
 * - normalised over a corpus: 100 · (raw − null) / (perfect − null), where `null` flags nothing
 *   (every window missed) and `perfect` flags each window's first row and nothing else.
 */

export interface CostProfile {
  tp: number;
  fp: number;
  fn: number;
}
/** NAB's "standard" application profile. */
export const NAB_STANDARD: CostProfile = { tp: 1, fp: 0.11, fn: 1 };
/** NAB's "reward low false positives" profile. */
export const NAB_LOW_FP: CostProfile = { tp: 1, fp: 0.22, fn: 1 };

export interface PointCounts {
  tp: number;
  fp: number;
  fn: number;
  tn: number;
}

export interface Prf {
  precision: number;
  recall: number;
  f1: number;
}

export interface Window {
  /** First and last row index, inclusive. */
  start: number;
  end: number;
}

export function pointCounts(flags: ArrayLike<boolean>, labels: ArrayLike<number>): PointCounts {
  const c: PointCounts = { tp: 0, fp: 0, fn: 0, tn: 0 };
  for (let i = 0; i < labels.length; i++) {
    const flagged = flags[i] === true;
    const anomalous = labels[i] === 1;
    if (flagged && anomalous) c.tp++;
    else if (flagged) c.fp++;
    else if (anomalous) c.fn++;
    else c.tn++;
  }
  return c;
}

export function addCounts(a: PointCounts, b: PointCounts): PointCounts {
  return { tp: a.tp + b.tp, fp: a.fp + b.fp, fn: a.fn + b.fn, tn: a.tn + b.tn };
}

/** Precision, recall and F1; an empty denominator counts as 0 (no flags means precision 0). */
export function prf(c: PointCounts): Prf {
  const precision = c.tp + c.fp > 0 ? c.tp / (c.tp + c.fp) : 0;
  const recall = c.tp + c.fn > 0 ? c.tp / (c.tp + c.fn) : 0;
  const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  return { precision, recall, f1 };
}

/** The runs of label 1, as windows. */
export function labelWindows(labels: ArrayLike<number>): Window[] {
  const windows: Window[] = [];
  let start = -1;
  for (let i = 0; i <= labels.length; i++) {
    const on = i < labels.length && labels[i] === 1;
    if (on && start < 0) start = i;
    if (!on && start >= 0) {
      windows.push({ start, end: i - 1 });
      start = -1;
    }
  }
  return windows;
}

export function scaledSigmoid(position: number): number {
  if (position >= 3) return -1;
  return 2 / (1 + Math.exp(5 * position)) - 1;
}

export interface NabParts {
  raw: number;
  perfect: number;
  null: number;
  /** Windows with at least one detection, and how many windows were scored. */
  detected: number;
  windows: number;
  /** Flagged rows outside every window (after the probationary period). */
  falsePositives: number;
  /** Rows from each detected window's start to its first detection. */
  delays: number[];
}

export function probationLength(rows: number): number {
  return Math.min(Math.floor(0.15 * rows), 0.15 * 5000);
}

export function nabScore(
  flags: ArrayLike<boolean>,
  windows: readonly Window[],
  profile: CostProfile = NAB_STANDARD,
): NabParts {
  const rows = flags.length;
  const probation = probationLength(rows);
  const maxTp = scaledSigmoid(-1);
  const parts: NabParts = {
    raw: 0,
    perfect: 0,
    null: 0,
    detected: 0,
    windows: 0,
    falsePositives: 0,
    delays: [],
  };
  const scorable = windows.filter((w) => w.end >= probation);
  for (const w of scorable) {
    parts.windows += 1;
    parts.perfect += profile.tp;
    parts.null -= profile.fn;
    const width = w.end - w.start + 1;
    let first = -1;
    for (let i = Math.max(w.start, probation); i <= w.end; i++) {
      if (flags[i] === true) {
        first = i;
        break;
      }
    }
    if (first < 0) parts.raw -= profile.fn;
    else {
      parts.detected += 1;
      parts.delays.push(first - w.start);
      parts.raw += (scaledSigmoid(-(w.end - first + 1) / width) * profile.tp) / maxTp;
    }
  }
  let k = 0;
  let previous: Window | null = null;
  for (let i = probation; i < rows; i++) {
    while (k < windows.length && windows[k]!.end < i) previous = windows[k++]!;
    const inside = k < windows.length && windows[k]!.start <= i;
    if (inside || flags[i] !== true) continue;
    parts.falsePositives += 1;
    const position =
      previous === null
        ? 3
        : previous.end === previous.start
          ? 2
          : (i - previous.end) / (previous.end - previous.start);
    parts.raw += scaledSigmoid(position) * profile.fp;
  }
  return parts;
}

export function addNab(a: NabParts, b: NabParts): NabParts {
  return {
    raw: a.raw + b.raw,
    perfect: a.perfect + b.perfect,
    null: a.null + b.null,
    detected: a.detected + b.detected,
    windows: a.windows + b.windows,
    falsePositives: a.falsePositives + b.falsePositives,
    delays: [...a.delays, ...b.delays],
  };
}

export function emptyNab(): NabParts {
  return { raw: 0, perfect: 0, null: 0, detected: 0, windows: 0, falsePositives: 0, delays: [] };
}

/** NAB's normalised score: 100 for perfect detection, 0 for flagging nothing. */
export function normalisedNab(parts: NabParts): number {
  const span = parts.perfect - parts.null;
  return span > 0 ? (100 * (parts.raw - parts.null)) / span : 0;
}

/**
 * The best point-wise F1 over every threshold, on scores pooled across series: an oracle that
 * looks at the labels, reported only to compare rankings independently of a threshold rule.
 */
export function bestF1(
  scores: ArrayLike<number>,
  labels: ArrayLike<number>,
): { f1: number; threshold: number } {
  const order = Array.from({ length: scores.length }, (_, i) => i).sort((i, j) => scores[j]! - scores[i]!);
  let positives = 0;
  for (let i = 0; i < labels.length; i++) if (labels[i] === 1) positives++;
  let tp = 0;
  let fp = 0;
  let best = { f1: 0, threshold: Infinity };
  for (let r = 0; r < order.length; r++) {
    const i = order[r]!;
    if (labels[i] === 1) tp++;
    else fp++;
    const next = order[r + 1];
    if (next !== undefined && scores[next] === scores[i]) continue;
    const f1 = (2 * tp) / (2 * tp + fp + (positives - tp));
    if (f1 > best.f1) best = { f1, threshold: scores[i]! };
  }
  return best;
}
