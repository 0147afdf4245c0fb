import { scrapeMetricsText, sampleOf } from '../api-client';
import { createHistogram, round } from '../histogram';
import type { LoadArgs, LoadResult } from '../http.worker';
import type { WorkerHandle } from '../worker-rpc';
import { rate, type BenchContext, type LiveServer } from './context';

/** The server's own ingest counters, as /metrics shows them. */
async function ingestCounters(baseUrl: string) {
  const text = await scrapeMetricsText(baseUrl);
  return {
    received: sampleOf(text, 'dtwin_ingest_messages_total'),
    stored: sampleOf(text, 'dtwin_ingest_readings_total'),
    shed: sampleOf(text, 'dtwin_ingest_rejected_total{reason="overloaded"}'),
  };
}

/**
 * QoS 0 publishers that nothing holds back: the same devices send `qos0Factor` × the sustained
 * message rate with no acknowledgement to wait for. What the server received, stored and shed
 * comes from its own counters (/metrics), not from what was offered; a publisher whose
 * connection stops draining (the server reads slower than it sends) drops what it cannot write
 * and counts it (`unsent`). The server must stay up with bounded memory and keep answering.
 */
export async function runOverloadQos0(
  { params, log, pool }: BenchContext,
  live: LiveServer,
  sustainedMessagesPerS: number,
) {
  const { qos0Factor, qos0DurationS, apiEveryMs } = params.overload;
  const perMessage = params.metrics.length;
  const offered = Math.max(1, Math.round(sustainedMessagesPerS * qos0Factor));
  const [api] = (await pool.get('http', 1)) as [WorkerHandle];
  log(
    `overload QoS 0: offering ${offered} msg/s (${qos0Factor} × ${sustainedMessagesPerS}) for ${qos0DurationS} s`,
  );

  const before = await ingestCounters(live.server.baseUrl);
  const window = live.server.monitor.mark();
  const apiRun = api.call<LoadResult>('load', {
    baseUrl: live.server.baseUrl,
    token: live.token,
    paths: ['/api/devices?limit=20', '/healthz'],
    connections: 1,
    durationS: qos0DurationS,
    pauseMs: apiEveryMs,
  } satisfies LoadArgs);
  const run = await live.publishers.run({
    deviceIds: live.devices.map((d) => d.id),
    mode: 'paced',
    qos: 0,
    messagesPerS: offered,
    durationS: qos0DurationS,
    window: params.window,
    metrics: params.metrics,
    drainTimeoutS: 0,
  });
  const publishedS = run.publishS;
  const atEnd = await ingestCounters(live.server.baseUrl).catch(() => null);
  // What was taken but not yet stored when the publishers stopped is written within seconds.
  await new Promise((r) => setTimeout(r, 3000));
  const apiResult = await apiRun;
  const used = window();
  const survived =
    live.server.alive() &&
    (await fetch(`${live.server.baseUrl}/healthz`).then(
      (r) => r.ok,
      () => false,
    ));
  const after = survived ? await ingestCounters(live.server.baseUrl) : null;
  const delta = (pick: (c: typeof before) => number | null, c: typeof before | null) =>
    c && pick(c) !== null && pick(before) !== null ? pick(c)! - pick(before)! : null;
  const receivedDuring = delta((c) => c.received, atEnd);
  const apiLatency = createHistogram();
  apiLatency.merge(apiResult.latency);
  const apiSummary = apiLatency.summary();
  const series = used.rssSeriesMb;
  const step = Math.max(1, Math.floor(series.length / 20));
  const figures = {
    offered_messages_per_s: offered,
    offered_readings_per_s: offered * perMessage,
    sent_messages_per_s: Math.round(rate(run.sent, publishedS)),
    unsent_messages: run.unsent,
    received_messages_per_s: receivedDuring === null ? null : Math.round(rate(receivedDuring, publishedS)),
    received_messages: delta((c) => c.received, after),
    stored_readings: delta((c) => c.stored, after),
    stored_readings_per_s: (() => {
      const stored = delta((c) => c.stored, atEnd);
      return stored === null ? null : Math.round(rate(stored, publishedS));
    })(),
    shed_messages: delta((c) => c.shed, after),
    survived,
    max_rss_mb: round(used.maxRssMb, 1),
    rss_mb_over_time: series.filter((_, i) => i % step === 0).map((v) => round(v, 0)),
    cpu_pct: round(used.cpuPct, 1),
    duration_s: round(publishedS, 1),
    api: {
      requests: apiResult.requests,
      ok: apiResult.ok,
      failed: apiResult.failed,
      p50_ms: apiSummary.p50_ms,
      p99_ms: apiSummary.p99_ms,
      first_error: apiResult.firstError,
    },
  };
  log(
    `overload QoS 0: offered ${offered} msg/s, publishers wrote ${figures.sent_messages_per_s}/s (${run.unsent} dropped unsent), the server received ${figures.received_messages_per_s}/s, stored ${figures.stored_readings_per_s} readings/s, shed ${figures.shed_messages}; ${survived ? 'up' : 'DOWN'}, max RSS ${figures.max_rss_mb} MB; API ${apiResult.ok}/${apiResult.requests} ok, p99 ${apiSummary.p99_ms} ms`,
  );
  return figures;
}
