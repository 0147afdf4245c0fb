import { scrapeMetrics } from '../api-client';
import type { IngestFigures } from '../bench-results';
import type { GroupRunResult } from '../publisher-group';
import { createHistogram, round } from '../histogram';
import { countStoredReadings } from '../stored-readings';
import { rate, type BenchContext, type LiveServer } from './context';

/** What a run stored, counted in the database, and how the server's write batches went. */
export async function storedFor(live: LiveServer, run: GroupRunResult) {
  if (run.firstTs === null || run.lastTs === null) return 0;
  return countStoredReadings(
    live.server.sqliteFile,
    live.devices.map((d) => d.id),
    run.firstTs,
    run.lastTs,
  );
}

/**
 * What the server says about a window, from /metrics scraped at its start and end: its write
 * batches, rejected readings, and how late its event loop ran (prom-client measures the delay
 * since the previous scrape, so the first scrape starts the window).
 */
export function batchStats(before: Record<string, number>, after: Record<string, number>) {
  const delta = (name: string) => (after[name] ?? 0) - (before[name] ?? 0);
  const batches = delta('dtwin_telemetry_batch_rows_count');
  const lagMs = (name: string) => (after[name] === undefined ? null : round(after[name]! * 1000, 1));
  return {
    event_loop_delay_p50_ms: lagMs('nodejs_eventloop_lag_p50_seconds'),
    event_loop_delay_p99_ms: lagMs('nodejs_eventloop_lag_p99_seconds'),
    event_loop_delay_max_ms: lagMs('nodejs_eventloop_lag_max_seconds'),
    batches,
    mean_batch_rows: batches > 0 ? Math.round(delta('dtwin_telemetry_batch_rows_sum') / batches) : null,
    mean_commit_ms:
      batches > 0 ? round((delta('dtwin_telemetry_batch_commit_seconds_sum') / batches) * 1000, 1) : null,
    rejected: delta('dtwin_ingest_rejected_total'),
  };
}

/**
 * Sustained ingest. A warm-up (new devices' analytics start on a costlier path) and a short closed
 * loop (every device keeps its window full) estimate how fast the server acknowledges; then a
 * paced run for the full duration starts at `paceFactor` of that and, whenever the server falls
 * behind (more than 1 % of an interval's messages held back by flow control), lowers the rate by
 * a tenth, so it ends at a rate the server keeps up with. Reported: the readings counted in the
 * database afterwards per second of the whole run, and the PUBACK latency of its second half.
 */
export async function runIngest(
  { params, log, note }: BenchContext,
  live: LiveServer,
): Promise<IngestFigures> {
  const { warmupMessages, probeS, durationS, paceFactor } = params.ingest;
  const perMessage = params.metrics.length;
  const base = {
    deviceIds: live.devices.map((d) => d.id),
    window: params.window,
    metrics: params.metrics,
    drainTimeoutS: 30,
  };
  if (warmupMessages > 0) {
    const warm = await live.publishers.run({
      ...base,
      mode: 'closed',
      messagesPerS: 0,
      durationS: 120,
      maxPerDevice: warmupMessages,
    });
    log(
      `ingest: warm-up, ${warm.acked} messages in ${(warm.publishS + warm.drainS).toFixed(1)} s (not counted)`,
    );
  }

  const probe = await live.publishers.run({ ...base, mode: 'closed', messagesPerS: 0, durationS: probeS });
  const probeStored = await storedFor(live, probe);
  const capacity = rate(probe.acked, probe.publishS + probe.drainS);
  log(
    `ingest: closed loop ${Math.round(capacity)} msg/s acknowledged, ${Math.round(rate(probeStored, probe.publishS + probe.drainS))} readings/s stored`,
  );

  const intervalS = Math.max(1, Math.min(5, durationS / 6));
  let target = Math.max(1, Math.floor(capacity * paceFactor));
  const steps: Array<{ at_s: number; messages_per_s: number; acked_per_s: number; held_back_pct: number }> =
    [];
  const settled = createHistogram();
  const lastIntervals = Math.floor(durationS / intervalS / 2);
  const totalIntervals = Math.floor(durationS / intervalS);
  const stopListening = live.publishers.onInterval((p) => {
    const heldBack = p.throttled / Math.max(1, p.sent + p.throttled);
    steps.push({
      at_s: round((p.interval + 1) * intervalS, 1)!,
      messages_per_s: target,
      acked_per_s: Math.round(p.acked / intervalS),
      held_back_pct: round(heldBack * 100, 1)!,
    });
    if (p.interval >= totalIntervals - lastIntervals) settled.merge(p.puback.toJSON());
    if (heldBack > 0.01 && p.interval < totalIntervals - 1) {
      target = Math.max(1, Math.floor(target * 0.9));
      void live.publishers.setRate(target);
    }
  });
  const before = await scrapeMetrics(live.server.baseUrl);
  const window = live.server.monitor.mark();
  let run: GroupRunResult;
  try {
    run = await live.publishers.run({
      ...base,
      mode: 'paced',
      messagesPerS: target,
      durationS,
      progressEveryS: intervalS,
    });
  } finally {
    stopListening();
  }
  const used = window();
  const after = await scrapeMetrics(live.server.baseUrl);
  const stored = await storedFor(live, run);
  const seconds = run.publishS + run.drainS;
  const whole = run.puback.summary();
  const secondHalf = settled.count > 0 ? settled.summary() : whole;
  const lowered = steps.some((s) => s.messages_per_s !== steps[0]?.messages_per_s);
  if (lowered) {
    note(
      `ingest: the server fell behind ${Math.round(capacity * paceFactor)} msg/s; the rate was lowered to ${target} msg/s during the run`,
    );
  }
  const anomaly = anomalyShare(before, after, used.cpuS);
  const figures: IngestFigures = {
    readings_per_s: Math.round(rate(stored, seconds)),
    messages_per_s: Math.round(rate(run.acked, seconds)),
    puback_p50_ms: secondHalf.p50_ms,
    puback_p99_ms: secondHalf.p99_ms,
    cpu_pct: round(used.cpuPct, 1),
    devices: live.devices.length,
    metrics_per_message: perMessage,
    window: params.window,
    duration_s: round(seconds, 1),
    warmup_messages_per_device: warmupMessages,
    start_messages_per_s: Math.round(capacity * paceFactor),
    final_messages_per_s: target,
    stored_readings: stored,
    acked_readings: run.acked * perMessage,
    lost: Math.max(0, run.acked * perMessage - stored),
    held_back: run.throttled,
    failed: run.failed,
    puback_whole_run: { p50_ms: whole.p50_ms, p99_ms: whole.p99_ms, max_ms: whole.max_ms },
    max_rss_mb: round(used.maxRssMb, 1),
    steps,
    closed_loop: {
      duration_s: round(probe.publishS + probe.drainS, 1),
      messages_per_s: Math.round(capacity),
      readings_per_s: Math.round(rate(probeStored, probe.publishS + probe.drainS)),
      puback_p50_ms: probe.puback.summary().p50_ms,
      puback_p99_ms: probe.puback.summary().p99_ms,
    },
    server: batchStats(before, after),
    anomaly,
  };
  log(
    `ingest: ${figures.readings_per_s} readings/s stored, ending at ${target} msg/s, PUBACK (second half) p50 ${figures.puback_p50_ms} / p99 ${figures.puback_p99_ms} ms, CPU ${figures.cpu_pct} %, of which anomaly scoring ${anomaly.share_of_server_cpu_pct ?? 'n/a'} %`,
  );
  return figures;
}

/**
 * The anomaly detector's share of the server's CPU over the paced run: the CPU time the server
 * says it spent scoring (`dtwin_anomaly_scoring_seconds_total`: the process's CPU time over the
 * detector's synchronous work, so an upper bound if another of its threads ran meanwhile) over
 * the process's CPU time from /proc over the same run (every thread).
 */
export function anomalyShare(
  before: Record<string, number>,
  after: Record<string, number>,
  serverCpuS: number | null,
) {
  const name = 'dtwin_anomaly_scoring_seconds_total';
  const scoringS = after[name] === undefined ? null : after[name]! - (before[name] ?? 0);
  return {
    scoring_s: scoringS === null ? null : round(scoringS, 2),
    server_cpu_s: serverCpuS === null ? null : round(serverCpuS, 1),
    share_of_server_cpu_pct:
      scoringS === null || !serverCpuS ? null : round((scoringS / serverCpuS) * 100, 1),
  };
}
