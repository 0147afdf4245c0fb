/**
 * Bounded live buffers. Live data (socket events) is written here as it arrives and read by
 * views once per animation frame, so a burst of messages costs one render, and memory stays
 * bounded however long a page stays open.
 */

/** One point: epoch milliseconds and a value; rollup points also carry their min and max. */
export interface SeriesPoint {
  ts: number;
  value: number;
  min?: number;
  max?: number;
  /** Readings behind a rollup point; lets a live reading be folded into the current bucket. */
  count?: number;
}

/** Column arrays, the shape canvas chart libraries draw from without copying. */
export interface SeriesColumns {
  ts: number[];
  value: number[];
  min: number[];
  max: number[];
}

export interface BoundedSeriesOptions {
  /** Never more points than this; the oldest go first. */
  maxPoints: number;
  /** Never points older than this before the newest point. */
  windowMs: number;
  /**
   * 0 keeps every reading; otherwise readings fold into buckets of this many milliseconds
   * (bucket start = `ts` of the point), as the server's rollups do.
   */
  bucketMs?: number;
}

export interface BoundedSeries {
  /** Adds one reading (in order or late); a reading at an existing time replaces it. */
  push(ts: number, value: number): void;
  /** Replaces everything with `points` (e.g. a history answer), keeping newer live points. */
  reset(points: readonly SeriesPoint[]): void;
  columns(): SeriesColumns;
  /** The newest point, if any. */
  last(): Readonly<SeriesPoint> | undefined;
  readonly size: number;
  readonly options: Required<BoundedSeriesOptions>;
}

export function createBoundedSeries(options: BoundedSeriesOptions): BoundedSeries {
  const opts = { bucketMs: 0, ...options };
  let points: SeriesPoint[] = [];

  function trim() {
    const newest = points[points.length - 1]?.ts;
    if (newest === undefined) return;
    const oldestAllowed = newest - opts.windowMs;
    let drop = Math.max(0, points.length - opts.maxPoints);
    while (drop < points.length && (points[drop]?.ts ?? Infinity) < oldestAllowed) drop += 1;
    // One splice per push at most; the array never grows past maxPoints + 1.
    if (drop > 0) points.splice(0, drop);
  }

  /** Index of the first point with `ts >= t` (binary search; points are sorted). */
  function lowerBound(t: number): number {
    let lo = 0;
    let hi = points.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((points[mid]?.ts ?? Infinity) < t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  function foldInto(point: SeriesPoint, value: number) {
    const count = point.count ?? 1;
    point.min = Math.min(point.min ?? point.value, value);
    point.max = Math.max(point.max ?? point.value, value);
    // A rollup's line is its mean, so a live reading moves the mean, not the last value.
    point.value = (point.value * count + value) / (count + 1);
    point.count = count + 1;
  }

  return {
    push(ts, value) {
      if (!Number.isFinite(ts) || !Number.isFinite(value)) return;
      const key = opts.bucketMs > 0 ? Math.floor(ts / opts.bucketMs) * opts.bucketMs : ts;
      const last = points[points.length - 1];
      // Too old to be shown: ignore rather than insert and trim straight away.
      if (last && key < last.ts - opts.windowMs) return;
      const at = !last || key > last.ts ? points.length : lowerBound(key);
      const existing = points[at];
      if (existing && existing.ts === key) {
        if (opts.bucketMs > 0) foldInto(existing, value);
        else existing.value = value;
        return;
      }
      const point: SeriesPoint =
        opts.bucketMs > 0 ? { ts: key, value, min: value, max: value, count: 1 } : { ts: key, value };
      if (at === points.length) points.push(point);
      else points.splice(at, 0, point);
      trim();
    },

    reset(history) {
      const sorted = history.filter((p) => Number.isFinite(p.ts) && Number.isFinite(p.value));
      sorted.sort((a, b) => a.ts - b.ts);
      const lastHistory = sorted[sorted.length - 1]?.ts ?? -Infinity;
      // Live points newer than the answer arrived while it was on its way: keep them.
      const newer = points.filter((p) => p.ts > lastHistory);
      points = [...sorted.map((p) => ({ ...p })), ...newer];
      trim();
    },

    columns() {
      const n = points.length;
      const cols: SeriesColumns = {
        ts: new Array(n),
        value: new Array(n),
        min: new Array(n),
        max: new Array(n),
      };
      for (let i = 0; i < n; i += 1) {
        const p = points[i] as SeriesPoint;
        cols.ts[i] = p.ts;
        cols.value[i] = p.value;
        cols.min[i] = p.min ?? p.value;
        cols.max[i] = p.max ?? p.value;
      }
      return cols;
    },

    last: () => points[points.length - 1],

    get size() {
      return points.length;
    },
    options: opts,
  };
}

export type FrameRequest = (callback: () => void) => void;

/** `requestAnimationFrame` where there is one; a 16 ms timer elsewhere (tests, background tabs). */
export const requestFrame: FrameRequest = (callback) => {
  if (typeof requestAnimationFrame === 'function') requestAnimationFrame(() => callback());
  else setTimeout(callback, 16);
};

/**
 * A change signal that tells its listeners at most once per frame, however often `notify()`
 * is called in between. Views subscribe to it instead of putting each message into state.
 */
export interface FrameSignal {
  notify(): void;
  subscribe(listener: () => void): () => void;
  /** Increments once per delivered frame; a `useSyncExternalStore` snapshot. */
  version(): number;
}

export function createFrameSignal(request: FrameRequest = requestFrame): FrameSignal {
  const listeners = new Set<() => void>();
  let scheduled = false;
  let version = 0;

  function flush() {
    scheduled = false;
    version += 1;
    for (const listener of [...listeners]) listener();
  }

  return {
    notify() {
      if (scheduled) return;
      scheduled = true;
      request(flush);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    version: () => version,
  };
}
