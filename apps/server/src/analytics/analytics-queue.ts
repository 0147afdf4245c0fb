/**
 * What stands between committed batches and an analytics computation that nobody awaits: work
 * starts at once (the computation keeps its own order), results are handled one batch at a time
 * in commit order, and at most `maxQueued` readings wait between the two. A batch that does not
 * fit is skipped whole and counted, so an overloaded analytics thread costs ingest nothing and
 * memory stays bounded.
 */
export function createAnalyticsQueue<R>({
  maxQueued,
  onError,
}: {
  maxQueued: number;
  onError: (err: unknown) => void;
}) {
  let queued = 0;
  let skipped = 0;
  let tail: Promise<void> = Promise.resolve();

  return {
    /** Starts `work` unless the queue is full; `then` runs with its result after the earlier batches'. */
    submit(size: number, work: () => Promise<R>, then: (result: R) => Promise<void> | void): boolean {
      if (queued + size > maxQueued) {
        skipped += size;
        return false;
      }
      queued += size;
      const result = work();
      // Handled below, in turn; marked now so a failure while earlier batches wait is not "unhandled".
      result.catch(() => {});
      tail = tail.then(async () => {
        try {
          await then(await result);
        } catch (err) {
          onError(err);
        } finally {
          queued -= size;
        }
      });
      return true;
    },
    /** Readings waiting or being worked on now. */
    queued: () => queued,
    /** Readings skipped since start because the queue was full. */
    skipped: () => skipped,
    /** Resolves once everything submitted so far has been handled. */
    idle: (): Promise<void> => tail,
  };
}

export type AnalyticsQueue<R> = ReturnType<typeof createAnalyticsQueue<R>>;
