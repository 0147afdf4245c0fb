import { scrapeMetrics } from '../api-client';
import type { OverloadFigures } from '../bench-results';
import { createHistogram, round } from '../histogram';
import type { LoadArgs, LoadResult } from '../http.worker';
import type { WorkerHandle } from '../worker-rpc';
import { rate, type BenchContext, type LiveServer } from './context';
import { batchStats, storedFor } from './ingest.scenario';

/**
 * Ten times the sustained rate, offered by the same devices. QoS 1 bounds what is in flight
 * (window × devices), so the server should slow the publishers down, stay up with bounded
 * memory and keep answering the API (probed from another process throughout); afterwards every
 * acknowledged reading must be in the database.
 */
export async function runOverload(
  { params, log, pool }: BenchContext,
  live: LiveServer,
  sustainedMessagesPerS: number,
): Promise<OverloadFigures> {
  const { factor, durationS, apiEveryMs } = params.overload;
  const perMessage = params.metrics.length;
  const offered = Math.max(1, Math.round(sustainedMessagesPerS * factor));
  const [api] = (await pool.get('http', 1)) as [WorkerHandle];
  {
    // Every interval: how much was acknowledged and held back, and how late the API answered.
    const intervalS = Math.min(30, Math.max(10, durationS / 12));
    const timeline: Array<{
      at_s: number;
      acked_per_s: number;
      held_back_per_s: number;
      puback_p99_ms: number | null;
    }> = [];
    const stopListening = live.publishers.onInterval((p) => {
      const point = {
        at_s: (p.interval + 1) * intervalS,
        acked_per_s: Math.round(p.acked / intervalS),
        held_back_per_s: Math.round(p.throttled / intervalS),
        puback_p99_ms: p.puback.summary().p99_ms,
      };
      timeline.push(point);
      log(
        `overload: ${point.at_s} s: ${point.acked_per_s} msg/s acknowledged, ${point.held_back_per_s} msg/s held back, PUBACK p99 ${point.puback_p99_ms} ms, RSS ${live.server.monitor.rssMb()?.toFixed(0)} MB`,
      );
    });
    const before = await scrapeMetrics(live.server.baseUrl);
    const window = live.server.monitor.mark();
    const apiRun = api.call<LoadResult>('load', {
      baseUrl: live.server.baseUrl,
      token: live.token,
      paths: ['/api/devices?limit=20', '/healthz'],
      connections: 1,
      durationS,
      pauseMs: apiEveryMs,
    } satisfies LoadArgs);
    const run = await live.publishers.run({
      deviceIds: live.devices.map((d) => d.id),
      mode: 'paced',
      messagesPerS: offered,
      durationS,
      window: params.window,
      metrics: params.metrics,
      drainTimeoutS: 60,
      progressEveryS: intervalS,
    });
    stopListening();
    const apiResult = await apiRun;
    const used = window();
    const survived =
      live.server.alive() &&
      (await fetch(`${live.server.baseUrl}/healthz`).then(
        (r) => r.ok,
        () => false,
      ));
    const after = survived ? await scrapeMetrics(live.server.baseUrl) : {};
    const stored = await storedFor(live, run);
    const acked = run.acked * perMessage;
    const seconds = run.publishS + run.drainS;
    const apiLatency = createHistogram();
    apiLatency.merge(apiResult.latency);
    const apiSummary = apiLatency.summary();
    // RSS every ~30 s, to show whether it levels off.
    const series = used.rssSeriesMb;
    const step = Math.max(1, Math.floor(series.length / 20));
    const figures: OverloadFigures = {
      offered_per_s: offered * perMessage,
      acked,
      stored,
      lost: Math.max(0, acked - stored),
      max_rss_mb: round(used.maxRssMb, 1),
      survived,
      offered_messages_per_s: offered,
      duration_s: round(seconds, 1),
      accepted_readings_per_s: Math.round(rate(stored, seconds)),
      sent_messages: run.sent,
      held_back_messages: run.throttled,
      failed_messages: run.failed,
      unacked_messages: run.unacked,
      stored_not_acked: Math.max(0, stored - acked),
      puback_p50_ms: run.puback.summary().p50_ms,
      puback_p99_ms: run.puback.summary().p99_ms,
      cpu_pct: round(used.cpuPct, 1),
      rss_mb_over_time: series.filter((_, i) => i % step === 0).map((v) => round(v, 0)),
      timeline,
      api: {
        requests: apiResult.requests,
        ok: apiResult.ok,
        failed: apiResult.failed,
        p50_ms: apiSummary.p50_ms,
        p99_ms: apiSummary.p99_ms,
        max_ms: apiSummary.max_ms,
        first_error: apiResult.firstError,
      },
      server: batchStats(before, after),
    };
    log(
      `overload: offered ${figures.offered_per_s} readings/s, stored ${figures.accepted_readings_per_s}/s; acked ${acked}, stored ${stored}, lost ${figures.lost}; max RSS ${figures.max_rss_mb} MB; API ${apiResult.ok}/${apiResult.requests} ok, p99 ${apiSummary.p99_ms} ms`,
    );
    return figures;
  }
}
