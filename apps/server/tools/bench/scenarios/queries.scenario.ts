import { deviceIds, login, registerDevices, scrapeMetrics } from '../api-client';
import { batchStats } from './ingest.scenario';
import type { QueryFigures } from '../bench-results';
import { createHistogram, round } from '../histogram';
import type { HistoryArgs, HistoryResult } from '../history.worker';
import type { LoadArgs, LoadResult } from '../http.worker';
import { startServer } from '../server-process';
import type { WorkerHandle } from '../worker-rpc';
import { rate, sleep, type BenchContext } from './context';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

// A daily cycle around values inside each metric's normal range.
const shapes: Record<string, { mean: number; amplitude: number; noise: number }> = {
  vibration: { mean: 1.6, amplitude: 0.3, noise: 0.1 },
  bearing_temperature: { mean: 52, amplitude: 6, noise: 1 },
  discharge_pressure: { mean: 6, amplitude: 0.5, noise: 0.1 },
  flow: { mean: 60, amplitude: 8, noise: 2 },
  motor_current: { mean: 30, amplitude: 4, noise: 1 },
  power: { mean: 18, amplitude: 3, noise: 0.5 },
  efficiency: { mean: 82, amplitude: 3, noise: 1 },
};

/**
 * Reads with a realistic history: devices registered through the API, then (server stopped)
 * 30 days of readings for some of them written straight into the store with their rollups and
 * a history of alerts, then the server started again and each query loaded from another
 * process with a few concurrent connections. Raw retention is set to keep the whole history.
 */
export async function runQueries({ params, log, pool, serverNodeArgs }: BenchContext): Promise<{
  queries: Record<string, QueryFigures>;
  history: Record<string, unknown>;
}> {
  const q = params.queries;
  const env = { RETENTION_RAW_DAYS: String(q.days + 1) };
  const first = await startServer({ env, nodeArgs: serverNodeArgs });
  const ids = deviceIds('QUERY', q.devices);
  try {
    const token = await login(first.baseUrl, first.admin.username, first.admin.password);
    await registerDevices(first.baseUrl, token, ids, {
      model: params.model,
      concurrency: params.registrationConcurrency,
    });
  } finally {
    await first.stop();
  }

  const historyIds = ids.slice(0, q.historyDevices);
  const [generator] = (await pool.get('history', 1)) as [WorkerHandle];
  const endMs = Math.floor(Date.now() / 60_000) * 60_000;
  const history = await generator.call<HistoryResult>('generate', {
    file: first.sqliteFile,
    deviceIds: historyIds,
    metrics: params.metrics.map((name) => ({
      name,
      ...(shapes[name] ?? { mean: 50, amplitude: 5, noise: 1 }),
    })),
    days: q.days,
    endMs,
    alerts: q.alerts,
  } satisfies HistoryArgs);
  log(
    `queries: wrote ${history.readings} readings, ${history.rollups1m} + ${history.rollups1h} rollups, ${history.alerts} alerts in ${history.seconds.toFixed(1)} s`,
  );

  const server = await startServer({ dataDir: first.dataDir, env, nodeArgs: serverNodeArgs });
  const [load] = (await pool.get('http', 1)) as [WorkerHandle];
  try {
    log(`queries: server ready in ${server.readyMs} ms with the history`);
    await sleep(q.settleS * 1000);
    const token = await login(server.baseUrl, server.admin.username, server.admin.password);
    const to = new Date(endMs + 60_000).toISOString();
    const chart = (from: number) =>
      historyIds.flatMap((id) =>
        params.metrics.map(
          (m) => `/api/devices/${id}/telemetry?metric=${m}&from=${new Date(from).toISOString()}&to=${to}`,
        ),
      );
    const targets: Record<string, string[]> = {
      dashboard: ['/api/dashboard'],
      chart_1h: chart(endMs + 60_000 - HOUR),
      // The same request whatever the history's length (the quick run writes fewer days).
      chart_30d: chart(endMs + 60_000 - 30 * DAY),
      alerts: ['/api/alerts?limit=100'],
    };
    // What each query returns, checked once: a chart of the right tier, with points.
    const shape: Record<string, string> = {};
    for (const [name, paths] of Object.entries(targets)) {
      const res = await fetch(`${server.baseUrl}${paths[0]}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      const body = (await res.json()) as { step?: string; points?: unknown[]; items?: unknown[] };
      shape[name] =
        `HTTP ${res.status}` +
        (body.step ? `, step ${body.step}, ${body.points?.length} points` : '') +
        (body.items ? `, ${body.items.length} items` : '');
    }

    const queries: Record<string, QueryFigures> = {};
    for (const [name, paths] of Object.entries(targets)) {
      const before = await scrapeMetrics(server.baseUrl);
      const window = server.monitor.mark();
      const result = await load.call<LoadResult>('load', {
        baseUrl: server.baseUrl,
        token,
        paths,
        connections: q.connections,
        durationS: q.durationS,
      } satisfies LoadArgs);
      const used = window();
      const after = await scrapeMetrics(server.baseUrl);
      const lag = batchStats(before, after);
      const latency = createHistogram();
      latency.merge(result.latency);
      const summary = latency.summary();
      queries[name] = {
        p50_ms: summary.p50_ms,
        p99_ms: summary.p99_ms,
        requests_per_s: Math.round(rate(result.requests, result.elapsedS)),
        max_ms: summary.max_ms,
        requests: result.requests,
        failed: result.failed,
        bytes_per_response: result.requests > 0 ? Math.round(result.bytes / result.requests) : null,
        cpu_pct: round(used.cpuPct, 1),
        response: shape[name],
        event_loop_delay_p99_ms: lag.event_loop_delay_p99_ms,
        event_loop_delay_max_ms: lag.event_loop_delay_max_ms,
        ...(result.firstError ? { first_error: result.firstError } : {}),
      };
      log(
        `queries: ${name} p50 ${summary.p50_ms} / p99 ${summary.p99_ms} ms, ${queries[name].requests_per_s} req/s (${shape[name]})`,
      );
    }
    // The 30-day chart once more from a single connection: its latency without queueing behind others.
    const alone = await load.call<LoadResult>('load', {
      baseUrl: server.baseUrl,
      token,
      paths: targets.chart_30d!,
      connections: 1,
      durationS: q.durationS / 2,
    } satisfies LoadArgs);
    const aloneLatency = createHistogram();
    aloneLatency.merge(alone.latency);
    queries.chart_30d!.single_connection = {
      ...aloneLatency.summary(),
      requests_per_s: Math.round(rate(alone.requests, alone.elapsedS)),
    };
    log(
      `queries: chart_30d from one connection p50 ${aloneLatency.summary().p50_ms} / p99 ${aloneLatency.summary().p99_ms} ms`,
    );
    return {
      queries,
      history: {
        devices_registered: q.devices,
        devices_with_history: q.historyDevices,
        days: q.days,
        readings: history.readings,
        rollups_1m: history.rollups1m,
        rollups_1h: history.rollups1h,
        alerts: history.alerts,
        generate_s: round(history.seconds, 1),
        ready_ms_with_history: server.readyMs,
        connections: q.connections,
        duration_s_per_query: q.durationS,
        server_problems: server.problems(),
      },
    };
  } finally {
    await server.stop();
    server.removeData();
  }
}
