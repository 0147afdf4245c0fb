import { deviceIds, login, registerDevices } from '../api-client';
import type { ExternalFigures, IngestFigures } from '../bench-results';
import { round } from '../histogram';
import { openBenchPostgres, startBenchMosquitto } from '../external-services';
import { createPublisherGroup } from '../publisher-group';
import { startServer, waitUntilReady } from '../server-process';
import { rate, sleep, type BenchContext } from './context';

/**
 * Scale-out ingest: the server as a real process on PostgreSQL (a fresh schema) behind an
 * external Mosquitto (MQTT_URL, shared subscription, many QoS 1 messages in flight), offered
 * the rate the embedded broker sustained in this run (or a closed loop without it). Skipped
 * with a note when there is no PostgreSQL or no mosquitto program.
 */
export async function runExternal(
  ctx: BenchContext,
  embedded: IngestFigures | undefined,
): Promise<ExternalFigures | undefined> {
  const { note } = ctx;
  const postgres = await openBenchPostgres();
  if (typeof postgres === 'string') {
    note(`external: skipped, ${postgres}`);
    return undefined;
  }
  try {
    const mosquitto = await startBenchMosquitto();
    if (typeof mosquitto === 'string') {
      note(`external: skipped, ${mosquitto}`);
      return undefined;
    }
    try {
      return await measure(ctx, embedded, postgres, mosquitto.port);
    } finally {
      await mosquitto.stop();
    }
  } finally {
    await postgres.drop();
  }
}

async function measure(
  { params, log, pool, serverNodeArgs }: BenchContext,
  embedded: IngestFigures | undefined,
  postgres: Exclude<Awaited<ReturnType<typeof openBenchPostgres>>, string>,
  brokerPort: number,
): Promise<ExternalFigures> {
  const { devices: count, durationS, drainS } = params.external;
  const server = await startServer({
    nodeArgs: serverNodeArgs,
    env: { DATABASE_URL: postgres.url, MQTT_URL: `mqtt://127.0.0.1:${brokerPort}` },
  });
  const publishers = createPublisherGroup(await pool.get('publisher', params.publisherProcesses));
  try {
    await waitUntilReady(server); // the shared subscription is in place
    const token = await login(server.baseUrl, server.admin.username, server.admin.password);
    const registration = await registerDevices(server.baseUrl, token, deviceIds('EXT', count), {
      model: params.model,
      concurrency: params.registrationConcurrency,
    });
    const connect = await publishers.connect('127.0.0.1', brokerPort, registration.devices, 200);
    if (connect.failed > 0) throw new Error(`devices could not connect to mosquitto: ${connect.errors[0]}`);
    const perMessage = params.metrics.length;
    const embeddedMsgs = embedded?.final_messages_per_s as number | undefined;
    log(
      `external: server on PostgreSQL behind mosquitto ready in ${server.readyMs} ms; ${count} devices; offering ${embeddedMsgs ? `${embeddedMsgs} msg/s (the embedded broker's sustained rate)` : 'a closed loop'}`,
    );
    const window = server.monitor.mark();
    const started = performance.now();
    const run = await publishers.run({
      mode: embeddedMsgs ? 'paced' : 'closed',
      messagesPerS: embeddedMsgs ?? 0,
      durationS,
      window: params.window,
      metrics: params.metrics,
      drainTimeoutS: 30,
    });
    // Mosquitto acknowledges the devices; the server takes what it queued at its own pace. Wait
    // (bounded) until it has stored all of it, or has stopped making progress.
    const ids = registration.devices.map((d) => d.id);
    const countStored = () =>
      run.firstTs === null || run.lastTs === null
        ? Promise.resolve(0)
        : postgres.countReadings(ids, run.firstTs, run.lastTs);
    const acked = run.acked * perMessage;
    const drainLimit = performance.now() + drainS * 1000;
    let stored = await countStored();
    let storedAt = performance.now();
    while (stored < acked && performance.now() < drainLimit && performance.now() - storedAt < 5_000) {
      await sleep(250);
      const now = await countStored();
      if (now > stored) storedAt = performance.now();
      stored = now;
    }
    const used = window();
    const seconds = (storedAt - started) / 1000;
    const readingsPerS = Math.round(rate(stored, seconds));
    // Not drained in time: what is missing may still be queued in Mosquitto, so it is not called lost.
    const drained = stored >= acked || performance.now() - storedAt >= 5_000;
    const embeddedReadings = embedded?.readings_per_s ?? null;
    const puback = run.puback.summary();
    const figures: ExternalFigures = {
      offered_readings_per_s: Math.round(rate((run.sent + run.throttled) * perMessage, run.publishS)),
      readings_per_s: readingsPerS,
      messages_per_s: Math.round(rate(run.acked, seconds)),
      lost: drained ? acked - stored : null,
      still_queued: drained ? 0 : acked - stored,
      acked_readings: acked,
      stored_readings: stored,
      held_back: run.throttled,
      puback_p50_ms: puback.p50_ms,
      puback_p99_ms: puback.p99_ms,
      fraction_of_embedded: embeddedReadings ? round(readingsPerS / embeddedReadings, 3) : null,
      embedded_readings_per_s: embeddedReadings,
      devices: count,
      duration_s: round(seconds, 1),
      cpu_pct: round(used.cpuPct, 1),
      server_problems: server.problems(),
    };
    log(
      `external: ${readingsPerS} readings/s stored of ${figures.offered_readings_per_s} offered, ${figures.lost ?? 'n/a'} lost (${figures.still_queued} still queued), ${figures.fraction_of_embedded ?? 'n/a'} of the embedded broker's ${embeddedReadings ?? 'n/a'}`,
    );
    return figures;
  } finally {
    await publishers.close();
    await server.stop();
    server.removeData();
  }
}
