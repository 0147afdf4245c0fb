import {
  foldReading,
  mergeRollup,
  rollupTiers as tiers,
  startRollup,
  tierWidthMs,
  type Rollup,
  type RollupTier,
  type SeriesPoint,
} from './telemetry-rows';

/** Rollups of both tiers, as increments to merge into the stored rows. */
export type RollupIncrements = Record<RollupTier, Rollup[]>;

type SeriesBuckets = Record<RollupTier, Map<number, Rollup>>;

/**
 * Rollup increments per series and bucket, not yet written to the rollup tables. The telemetry
 * storage folds every committed reading in here and writes the sums every few seconds, so a batch
 * of readings dirties one page per series instead of three; a batch written directly (PostgreSQL,
 * old readings, imports) aggregates its own readings with one. Memory is one entry per series and
 * open bucket.
 */
export function createRollupBuffer() {
  let bySeries = new Map<number, SeriesBuckets>();
  let size = 0; // buckets held

  function bucketsOf(seriesId: number): SeriesBuckets {
    let buckets = bySeries.get(seriesId);
    if (!buckets) bySeries.set(seriesId, (buckets = { '1m': new Map(), '1h': new Map() }));
    return buckets;
  }

  function merge(tier: RollupTier, r: Rollup): void {
    const buckets = bucketsOf(r.series_id)[tier];
    const mine = buckets.get(r.bucket);
    if (mine) mergeRollup(mine, r);
    else {
      buckets.set(r.bucket, r);
      size += 1;
    }
  }

  return {
    add(points: readonly SeriesPoint[]): void {
      for (const p of points) {
        const series = bucketsOf(p.seriesId);
        for (const tier of tiers) {
          const bucket = Math.floor(p.ts / tierWidthMs[tier]) * tierWidthMs[tier];
          const r = series[tier].get(bucket);
          if (r) foldReading(r, p.value, p.ts);
          else {
            series[tier].set(bucket, startRollup(p.seriesId, bucket, p.value, p.ts));
            size += 1;
          }
        }
      }
    },

    /** Removes and returns the increments of the given series (of all series when absent). */
    take(seriesIds?: readonly number[]): RollupIncrements {
      const out: RollupIncrements = { '1m': [], '1h': [] };
      let taken: Iterable<SeriesBuckets>;
      if (seriesIds) {
        taken = seriesIds.flatMap((id) => bySeries.get(id) ?? []);
        for (const id of seriesIds) bySeries.delete(id);
      } else {
        taken = bySeries.values();
        bySeries = new Map();
      }
      for (const buckets of taken) for (const tier of tiers) out[tier].push(...buckets[tier].values());
      size -= out['1m'].length + out['1h'].length;
      return out;
    },

    /** Puts increments back (their write failed); merging is order-independent. */
    restore(increments: RollupIncrements): void {
      for (const tier of tiers) for (const r of increments[tier]) merge(tier, r);
    },

    has: (seriesId: number) => bySeries.has(seriesId),

    /** Buckets held, of both tiers. */
    get size() {
      return size;
    },
  };
}

export type RollupBuffer = ReturnType<typeof createRollupBuffer>;
