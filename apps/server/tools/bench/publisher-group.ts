import type { Publication } from './delivery-latency';
import { createHistogram, mergeHistograms, type Histogram } from './histogram';
import type { ConnectResult, DeviceCredentials, RunArgs, RunProgress, RunResult } from './publisher.worker';
import type { WorkerHandle } from './worker-rpc';

/** Several publisher processes driven as one: devices split between them, results added up. */

/** One process's result, added up; `publishS` and `drainS` are the longest of any process. */
export type GroupRunResult = Omit<RunResult, 'puback'> & { puback: Histogram };

export function mergeRunResults(parts: RunResult[]): GroupRunResult {
  const puback = createHistogram();
  const probes: Record<string, Publication[]> = {};
  const firsts = parts.map((p) => p.firstTs).filter((t): t is number => t !== null);
  const lasts = parts.map((p) => p.lastTs).filter((t): t is number => t !== null);
  for (const part of parts) {
    puback.merge(part.puback);
    for (const [id, list] of Object.entries(part.probes)) (probes[id] ??= []).push(...list);
  }
  const sum = (pick: (r: RunResult) => number) => parts.reduce((n, r) => n + pick(r), 0);
  return {
    sent: sum((r) => r.sent),
    acked: sum((r) => r.acked),
    failed: sum((r) => r.failed),
    throttled: sum((r) => r.throttled),
    unacked: sum((r) => r.unacked),
    unsent: sum((r) => r.unsent),
    publishS: Math.max(0, ...parts.map((r) => r.publishS)),
    drainS: Math.max(0, ...parts.map((r) => r.drainS)),
    firstTs: firsts.length > 0 ? Math.min(...firsts) : null,
    lastTs: lasts.length > 0 ? Math.max(...lasts) : null,
    puback,
    probes,
  };
}

/** One progress interval of the whole group. */
export interface GroupProgress {
  interval: number;
  /** Over this interval alone. */
  sent: number;
  acked: number;
  failed: number;
  throttled: number;
  puback: Histogram;
}

/** Publisher processes from the pool; `close` disconnects their devices and leaves the processes. */
export function createPublisherGroup(workers: WorkerHandle[]) {
  let shares: number[] = workers.map(() => 0);
  let connectedIds: string[][] = workers.map(() => []);

  return {
    workers,

    /** Splits the devices between the processes (device i to process i mod n) and connects them. */
    async connect(host: string, port: number, devices: DeviceCredentials[], concurrency: number) {
      const shares = workers.map((_, w) => devices.filter((_, i) => i % workers.length === w));
      const results = await Promise.all(
        workers.map((worker, w) =>
          worker.call<ConnectResult>('connect', {
            host,
            port,
            devices: shares[w],
            concurrency: Math.ceil(concurrency / workers.length),
          }),
        ),
      );
      connectedIds = connectedIds.map((ids, w) => [...ids, ...shares[w]!.map((d) => d.id)]);
      return {
        connected: results.reduce((n, r) => n + r.connected, 0),
        failed: results.reduce((n, r) => n + r.failed, 0),
        errors: results.flatMap((r) => r.errors),
        ms: Math.max(...results.map((r) => r.ms)),
      };
    },

    /** Runs every process at once; a paced rate is split in proportion to their devices. */
    async run(args: Omit<RunArgs, 'deviceIds'> & { deviceIds?: string[] }): Promise<GroupRunResult> {
      const wanted = args.deviceIds ? new Set(args.deviceIds) : undefined;
      const perWorker = connectedIds.map((ids) => (wanted ? ids.filter((id) => wanted.has(id)) : ids));
      const total = perWorker.reduce((n, ids) => n + ids.length, 0);
      shares = perWorker.map((ids) => (total === 0 ? 0 : ids.length / total));
      const parts = await Promise.all(
        workers.map((worker, w) =>
          worker.call<RunResult>('run', {
            ...args,
            deviceIds: perWorker[w],
            messagesPerS: total === 0 ? 0 : (args.messagesPerS * perWorker[w]!.length) / total,
          } satisfies RunArgs),
        ),
      );
      return mergeRunResults(parts);
    },

    /** Changes the rate of the paced run in progress, split as the run's devices are. */
    async setRate(messagesPerS: number) {
      await Promise.all(
        workers.map((w, i) => w.call('setRate', { messagesPerS: messagesPerS * shares[i]! })),
      );
    },

    /**
     * Calls `listener` once every process has reported an interval, with that interval's own
     * counts (not totals). Returns the function that stops listening.
     */
    onInterval(listener: (progress: GroupProgress) => void): () => void {
      const seen = new Map<number, RunProgress[]>();
      const previous = workers.map(() => ({ sent: 0, acked: 0, failed: 0, throttled: 0 }));
      const stops = workers.map((worker, w) =>
        worker.onProgress((data) => {
          const p = data as RunProgress;
          if (p.interval === 0) previous[w] = { sent: 0, acked: 0, failed: 0, throttled: 0 };
          const list = seen.get(p.interval) ?? [];
          list[w] = p;
          seen.set(p.interval, list);
          if (list.filter(Boolean).length < workers.length) return;
          seen.delete(p.interval);
          const delta = { sent: 0, acked: 0, failed: 0, throttled: 0 };
          list.forEach((q, i) => {
            for (const k of ['sent', 'acked', 'failed', 'throttled'] as const) {
              delta[k] += q[k] - previous[i]![k];
              previous[i]![k] = q[k];
            }
          });
          listener({ interval: p.interval, ...delta, puback: mergeHistograms(list.map((q) => q.puback)) });
        }),
      );
      return () => stops.forEach((stop) => stop());
    },

    async publishOnce(metrics: string[]) {
      const results = await Promise.all(
        workers.map((w) => w.call<{ acked: number; failed: number }>('publishOnce', { metrics })),
      );
      return {
        acked: results.reduce((n, r) => n + r.acked, 0),
        failed: results.reduce((n, r) => n + r.failed, 0),
      };
    },

    async openCount(): Promise<number> {
      const counts = await Promise.all(workers.map((w) => w.call<number>('openCount')));
      return counts.reduce((a, b) => a + b, 0);
    },

    async close() {
      await Promise.all(workers.map((w) => w.call('disconnect').catch(() => undefined)));
      connectedIds = workers.map(() => []);
    },
  };
}

export type PublisherGroup = ReturnType<typeof createPublisherGroup>;
