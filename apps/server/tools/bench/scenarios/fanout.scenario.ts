import type { FanoutFigures } from '../bench-results';
import { deliveryLatencies } from '../delivery-latency';
import { round, summarize } from '../histogram';
import type { RecordedArrivals, SocketsConnectArgs } from '../sockets.worker';
import { sleep, type BenchContext, type LiveServer } from './context';

/**
 * Dashboards watching the whole fleet: authenticated sockets in `fleet`, spread over several
 * client processes. One device publishes now and then, more slowly than the fleet summary's
 * one-per-second limit, so each summary leaves at once and its latency from the MQTT publish to
 * every socket is the fan-out's, not the rate limit's. Server CPU is taken over the same window.
 */
export async function runFanout(
  { params, log, pool }: BenchContext,
  live: LiveServer,
): Promise<FanoutFigures> {
  const { steps, processes, measureS, publishEveryMs } = params.fanout;
  const { server, token, fanoutProbe } = live;
  const clients = await pool.get('sockets', processes);
  const results: FanoutFigures[] = [];
  try {
    let opened = 0;
    for (const target of steps) {
      const adding = target - opened;
      const shares = clients.map((_, w) => Math.floor(adding / processes) + (w < adding % processes ? 1 : 0));
      const connects = await Promise.all(
        clients.map((c, w) =>
          c.call<{ connected: number; failed: number; errors: string[]; ms: number }>('connect', {
            url: server.baseUrl,
            token,
            count: shares[w]!,
            rooms: ['fleet'],
            concurrency: 50,
          } satisfies SocketsConnectArgs),
        ),
      );
      opened = target;
      const failed = connects.reduce((n, c) => n + c.failed, 0);
      const connectS = Math.max(...connects.map((c) => c.ms)) / 1000;
      log(
        `fanout: ${target - failed} of ${target} sockets in fleet (${connectS.toFixed(1)} s to add ${adding})`,
      );
      if (failed > 0)
        log(`fanout: ${failed} sockets failed: ${connects.find((c) => c.failed > 0)?.errors[0]}`);

      await Promise.all(clients.map((c) => c.call('startRecording')));
      const window = server.monitor.mark();
      const run = await live.publishers.run({
        deviceIds: [fanoutProbe.id],
        mode: 'paced',
        messagesPerS: 1000 / publishEveryMs,
        durationS: measureS,
        window: 1,
        metrics: params.metrics,
        probeIds: [fanoutProbe.id],
        drainTimeoutS: 10,
      });
      await sleep(500);
      const used = window();
      const recorded = await Promise.all(clients.map((c) => c.call<RecordedArrivals>('stopRecording')));
      const held = (await Promise.all(clients.map((c) => c.call<number>('connectedCount')))).reduce(
        (a, b) => a + b,
        0,
      );

      const publications = run.probes[fanoutProbe.id] ?? [];
      const latencies: number[] = [];
      // Per publication, the first socket to get it: the server's part, before the clients queue up.
      const firstArrival: number[] = publications.map(() => Infinity);
      let undelivered = 0;
      let events = 0;
      for (const arrivals of recorded) {
        const bySocket = new Map<number, Array<{ at: number; newestTs: number }>>();
        arrivals.socket.forEach((socket, i) => {
          if (arrivals.device[i] !== fanoutProbe.id) return;
          events += 1;
          let list = bySocket.get(socket);
          if (!list) bySocket.set(socket, (list = []));
          list.push({ at: arrivals.at[i]!, newestTs: arrivals.newestTs[i]! });
        });
        for (const list of bySocket.values()) {
          const result = deliveryLatencies(publications, list);
          latencies.push(...result.latencies);
          result.byPublication.forEach((l, i) => {
            if (l !== null && l < firstArrival[i]!) firstArrival[i] = l;
          });
          undelivered += result.undelivered;
        }
      }
      // Sockets that got nothing at all missed every publication.
      const silentSockets = held - recorded.reduce((n, r) => n + new Set(r.socket).size, 0);
      undelivered += Math.max(0, silentSockets) * publications.length;
      const summary = summarize(latencies);
      const first = summarize(firstArrival.filter(Number.isFinite));
      log(
        `fanout: ${held} sockets, ${publications.length} events: p50 ${summary.p50_ms} ms, p99 ${summary.p99_ms} ms, CPU ${used.cpuPct?.toFixed(0)} %`,
      );
      results.push({
        clients: held,
        p99_ms: summary.p99_ms,
        cpu_pct: round(used.cpuPct, 1),
        p50_ms: summary.p50_ms,
        max_ms: summary.max_ms,
        first_socket_p50_ms: first.p50_ms,
        first_socket_max_ms: first.max_ms,
        events_published: publications.length,
        deliveries: latencies.length,
        events_received: events,
        undelivered,
        connect_failures: failed,
        connect_s: round(connectS, 1),
        rss_mb: round(used.lastRssMb, 1),
      });
    }
  } finally {
    await Promise.all(clients.map((c) => c.call('close').catch(() => undefined)));
  }
  const last = results[results.length - 1]!;
  return { ...last, steps: results, publish_every_ms: publishEveryMs, client_processes: processes };
}
