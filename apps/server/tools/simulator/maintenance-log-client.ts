import type { SimLogger } from './device-link';
import type { LifecycleEvent } from './lifecycle-watch';

/** Events waiting to be sent; beyond this the oldest are dropped (and logged). */
const MAX_PENDING = 1000;
const FAILURE_MODE_MAX = 64;

/**
 * Records the simulated plant's failures and repairs through the server's API
 * (`POST /api/devices/{id}/events`), as a plant's maintenance staff would, with an operator's
 * token. One request at a time; a failed request is logged, not retried.
 */
export function createMaintenanceLogClient(options: { apiUrl: string; token: string; logger: SimLogger }) {
  const base = options.apiUrl.replace(/\/+$/, '');
  const pending: LifecycleEvent[] = [];
  let sending: Promise<void> | null = null;

  async function send(e: LifecycleEvent) {
    const body = {
      type: e.type,
      ts: new Date(e.ts).toISOString(),
      ...(e.type === 'failure' && e.failureMode
        ? { failure_mode: e.failureMode.slice(0, FAILURE_MODE_MAX) }
        : {}),
      notes: 'recorded by the simulator',
    };
    try {
      const res = await fetch(`${base}/api/devices/${encodeURIComponent(e.deviceId)}/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${options.token}` },
        body: JSON.stringify(body),
      });
      if (!res.ok)
        options.logger.warn({ device: e.deviceId, status: res.status }, 'simulator: event refused');
    } catch (err) {
      options.logger.warn(
        { device: e.deviceId, error: (err as Error).message },
        'simulator: could not record an event',
      );
    }
  }

  async function drain() {
    for (let e = pending.shift(); e; e = pending.shift()) await send(e);
    sending = null;
  }

  return {
    record(e: LifecycleEvent): void {
      if (pending.length >= MAX_PENDING) {
        const dropped = pending.shift();
        options.logger.warn(
          { device: dropped?.deviceId },
          'simulator: too many events pending; dropped the oldest',
        );
      }
      pending.push(e);
      sending ??= drain();
    },
    /** Resolves when everything recorded so far was sent (or failed). */
    flush: async () => {
      while (sending) await sending;
    },
  };
}
