import type { Logger } from '../../lib/logger';

/** Where the lease lives (Redis in a cluster): each call answers for one holder's token. */
export interface LeaseStore {
  /** Takes the lease if nobody holds it (for `ttlMs`); true when it is now ours. */
  acquire(token: string, ttlMs: number): Promise<boolean>;
  /** Extends the lease if it is still ours; false when it expired or another holder took it. */
  renew(token: string, ttlMs: number): Promise<boolean>;
  /** Gives the lease up if it is ours, so another process takes over without waiting. */
  release(token: string): Promise<void>;
}

export interface LeaseOptions {
  /** How long the lease lasts without a renewal: how soon another process takes over a dead holder. */
  ttlMs: number;
  /** How often the holder renews and the others try to take it. */
  everyMs: number;
}

export const defaultLeaseOptions: LeaseOptions = { ttlMs: 6000, everyMs: 1500 };

/**
 * Runs `start` while this process holds the lease and `stop` when it loses it, so that of
 * several processes exactly one does the work (the connectors: a Modbus device polled once).
 * A holder that cannot renew (Redis unreachable) stops before its lease can have expired, so two
 * holders never overlap; the others try every `everyMs` and take over once the lease expires.
 */
export async function holdLease(input: {
  store: LeaseStore;
  token: string;
  start: () => Promise<void>;
  stop: () => Promise<void>;
  logger: Pick<Logger, 'info' | 'warn'>;
  options?: LeaseOptions;
}): Promise<{ held: () => boolean; close: () => Promise<void> }> {
  const { store, token, logger } = input;
  const { ttlMs, everyMs } = input.options ?? defaultLeaseOptions;
  let held = false;
  /** When the last successful acquire or renew was sent: the lease is ours until then + ttl. */
  let confirmedAt = 0;
  let closed = false;
  let timer: NodeJS.Timeout | undefined;

  async function lose(reason: string): Promise<void> {
    held = false;
    logger.warn({ reason }, 'lost the connector lease: stopping the connectors here');
    await input.stop();
  }

  async function tick(): Promise<void> {
    const sentAt = Date.now();
    if (held) {
      let renewed: boolean | undefined;
      try {
        renewed = await store.renew(token, ttlMs);
      } catch {
        renewed = undefined; // unknown: keep running while the lease surely lasts
      }
      if (renewed) confirmedAt = sentAt;
      else if (renewed === false) await lose('another process holds it');
      // Stop one period before the lease can expire, so another holder never starts while we run.
      else if (Date.now() + everyMs >= confirmedAt + ttlMs) await lose('cannot renew it');
      return;
    }
    let acquired = false;
    try {
      acquired = await store.acquire(token, ttlMs);
    } catch {
      acquired = false;
    }
    if (!acquired) return;
    if (closed) return void (await store.release(token).catch(() => undefined));
    held = true;
    confirmedAt = sentAt;
    logger.info('holding the connector lease: this process runs the connectors');
    await input.start();
  }

  let running: Promise<void> = Promise.resolve();
  const loop = () => {
    running = tick()
      .catch((err: unknown) => logger.warn({ err }, 'connector lease check failed'))
      .finally(() => {
        if (!closed) timer = setTimeout(loop, everyMs);
      });
    return running;
  };
  await loop();

  return {
    held: () => held,
    async close(): Promise<void> {
      closed = true;
      clearTimeout(timer);
      await running;
      if (!held) return;
      held = false;
      await input.stop();
      await store.release(token).catch(() => undefined);
    },
  };
}
