import type { Logger } from '../lib/logger';

/**
 * Recurring in-process tasks (twin flush, connectivity, retention). A run that is still going
 * when the next is due is skipped rather than stacked; a failing run is logged and retried next time.
 */
export function createScheduler({ logger }: { logger: Logger }) {
  const timers: NodeJS.Timeout[] = [];
  const running = new Set<Promise<unknown>>();

  return {
    every(name: string, intervalMs: number, task: () => Promise<unknown>): void {
      let busy = false;
      const timer = setInterval(() => {
        if (busy) return;
        busy = true;
        const run = task()
          .catch((err: unknown) => logger.warn({ err, task: name }, 'scheduled task failed'))
          .finally(() => {
            busy = false;
            running.delete(run);
          });
        running.add(run);
      }, intervalMs);
      timer.unref();
      timers.push(timer);
    },

    /** Stops the timers and waits for the runs under way. */
    async stop(): Promise<void> {
      for (const timer of timers) clearInterval(timer);
      await Promise.all(running);
    },
  };
}
