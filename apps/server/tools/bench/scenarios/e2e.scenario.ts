import type { E2eFigures } from '../bench-results';
import { deliveryLatencies } from '../delivery-latency';
import { round, summarize } from '../histogram';
import type { RecordedArrivals, SocketsConnectArgs } from '../sockets.worker';
import type { WorkerHandle } from '../worker-rpc';
import { rate, sleep, type BenchContext, type LiveServer } from './context';
import { batchStats, storedFor } from './ingest.scenario';
import { scrapeMetrics } from '../api-client';

/**
 * From MQTT publish to the `telemetry` event at a Socket.IO client subscribed to that device,
 * at a fixed rate over the whole fleet. A few devices are watched, one socket each (as a browser
 * on a device page); every one of their publications is matched with the first event that
 * carries it or a newer value (see delivery-latency.ts). The full run measures a second point
 * at a fraction of the sustained rate, to tell the pipeline's latency from an overload's.
 */
export async function runE2e(
  { params, log, pool }: BenchContext,
  live: LiveServer,
  sustainedMessagesPerS: number | undefined,
): Promise<E2eFigures> {
  const { messagesPerS, durationS, probeDevices, alsoAtSustainedFraction } = params.e2e;
  const probes = live.devices.slice(0, probeDevices).map((d) => d.id);
  const [sockets] = (await pool.get('sockets', 1)) as [WorkerHandle];
  try {
    const connect = await sockets.call<{ connected: number; failed: number; errors: string[] }>('connect', {
      url: live.server.baseUrl,
      token: live.token,
      count: probes.length,
      rooms: probes.map((id) => `device:${id}`),
      concurrency: probes.length,
    } satisfies SocketsConnectArgs);
    if (connect.failed > 0) throw new Error(`e2e: sockets could not subscribe: ${connect.errors[0]}`);

    const measure = (offered: number) =>
      measureDelivery({ params, log }, live, sockets, probes, offered, durationS);

    const figures: E2eFigures = await measure(messagesPerS);
    if (alsoAtSustainedFraction && sustainedMessagesPerS) {
      // A rate the server had kept up with: the lower one is then the pipeline's latency, not a queue's.
      figures.at_lower_rate = await measure(Math.round(sustainedMessagesPerS * alsoAtSustainedFraction));
    }
    return figures;
  } finally {
    await sockets.call('close').catch(() => undefined);
  }
}

/**
 * Publishes at `offered` msg/s over the whole fleet for `durationS` while `sockets` (subscribed
 * to the `probes`' rooms) record every event; each probe publication is matched with the first
 * event carrying it or a newer value.
 */
export async function measureDelivery(
  { params, log }: Pick<BenchContext, 'params' | 'log'>,
  live: LiveServer,
  sockets: WorkerHandle,
  probes: string[],
  offered: number,
  durationS: number,
  label = 'e2e',
): Promise<E2eFigures> {
  await sockets.call('startRecording');
  const before = await scrapeMetrics(live.server.baseUrl);
  const window = live.server.monitor.mark();
  const run = await live.publishers.run({
    deviceIds: live.devices.map((d) => d.id),
    mode: 'paced',
    messagesPerS: offered,
    durationS,
    window: params.window,
    metrics: params.metrics,
    probeIds: probes,
    drainTimeoutS: 30,
  });
  await sleep(700);
  const used = window();
  const after = await scrapeMetrics(live.server.baseUrl);
  const arrivals = await sockets.call<RecordedArrivals>('stopRecording');
  const stored = await storedFor(live, run);

  const latencies: number[] = [];
  let undelivered = 0;
  let events = 0;
  for (const id of probes) {
    const mine = arrivals.device
      .map((device, i) => ({ device, at: arrivals.at[i]!, newestTs: arrivals.newestTs[i]! }))
      .filter((a) => a.device === id);
    events += mine.length;
    const result = deliveryLatencies(run.probes[id] ?? [], mine);
    latencies.push(...result.latencies);
    undelivered += result.undelivered;
  }
  const summary = summarize(latencies);
  const seconds = run.publishS + run.drainS;
  const puback = run.puback.summary();
  log(
    `${label}: ${Math.round(rate(run.acked, seconds))} msg/s (offered ${offered}), publish → socket p50 ${summary.p50_ms} / p99 ${summary.p99_ms} / max ${summary.max_ms} ms (PUBACK p99 ${puback.p99_ms} ms)`,
  );
  return {
    messages_per_s: Math.round(rate(run.acked, seconds)),
    p50_ms: summary.p50_ms,
    p99_ms: summary.p99_ms,
    max_ms: summary.max_ms,
    target_messages_per_s: offered,
    readings_per_s: Math.round(rate(stored, seconds)),
    watched_devices: probes.length,
    publications_watched: latencies.length + undelivered,
    events_received: events,
    undelivered,
    throttled: run.throttled,
    puback_p50_ms: puback.p50_ms,
    puback_p99_ms: puback.p99_ms,
    cpu_pct: round(used.cpuPct, 1),
    duration_s: round(seconds, 1),
    server: batchStats(before, after),
  } satisfies E2eFigures;
}
