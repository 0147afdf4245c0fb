/**
 * Denied requests come in floods (a scanner, a client with an expired token in a loop). The first
 * denied request of a source within a window is written as it is; the rest of that window are
 * only counted, and written as one entry with the count and the first and last time when the
 * window closes. Holds at most `maxSources` sources; past that, new sources share one bucket.
 */
export interface DeniedSummary {
  source: string;
  count: number;
  first: number;
  last: number;
  target: string | null;
  ip: string | null;
  actor: string | null;
}

interface Bucket {
  opened: number;
  suppressed: DeniedSummary | null;
}

export function createDeniedAggregator({
  windowMs,
  maxSources = 10_000,
}: {
  windowMs: number;
  maxSources?: number;
}) {
  const buckets = new Map<string, Bucket>();
  const OVERFLOW = '(many sources)';

  /** Takes the summaries of windows that have closed by `now` (all of them with `all`). */
  const closed = (now: number, all = false): DeniedSummary[] => {
    const out: DeniedSummary[] = [];
    for (const [source, bucket] of buckets) {
      if (!all && now - bucket.opened < windowMs) continue;
      buckets.delete(source);
      if (bucket.suppressed) out.push(bucket.suppressed);
    }
    return out;
  };

  return {
    /**
     * Whether this denied request should be written now; if not it is counted. Also returns the
     * summaries of closed windows, for the caller to write.
     */
    admit(
      event: { ip: string | null; actor: string | null; target: string | null },
      now: number,
    ): { write: boolean; summaries: DeniedSummary[] } {
      const summaries = closed(now);
      let source = `${event.ip ?? '-'}|${event.actor ?? '-'}`;
      if (!buckets.has(source) && buckets.size >= maxSources) source = OVERFLOW;
      const bucket = buckets.get(source);
      if (!bucket) {
        buckets.set(source, { opened: now, suppressed: null });
        return { write: source !== OVERFLOW, summaries };
      }
      if (bucket.suppressed) {
        bucket.suppressed.count += 1;
        bucket.suppressed.last = now;
      } else {
        bucket.suppressed = { source, count: 1, first: now, last: now, ...event };
      }
      return { write: false, summaries };
    },
    /** Summaries of closed windows (or of every window, at shutdown). */
    flush: (now: number, all = false) => closed(now, all),
  };
}
