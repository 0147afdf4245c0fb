import crypto from 'node:crypto';
import { deviceIds, login, registerDevices } from '../api-client';
import { deliveryLatencies } from '../delivery-latency';
import {
  findBenchRedis,
  openBenchPostgres,
  startBenchMosquitto,
  type BenchPostgres,
} from '../external-services';
import { round, summarize } from '../histogram';
import { createPublisherGroup } from '../publisher-group';
import { newDataDir, startServer, waitUntilReady, type ServerProcess } from '../server-process';
import type { RecordedArrivals, SocketsConnectArgs } from '../sockets.worker';
import type { WorkerHandle } from '../worker-rpc';
import { rate, sleep, type BenchContext } from './context';

/**
 * The scale-out layout on one machine: PostgreSQL (a fresh schema), a private Mosquitto, Redis
 * for Socket.IO, one `ROLES=api,worker` process and `ingestProcesses` × `ROLES=ingest` sharing
 * the broker's subscription. Devices publish QoS 1 to Mosquitto at a fixed rate; a few are watched
 * by a socket each on the API process. Reported: readings/s stored (counted in PostgreSQL), lost
 * (acknowledged by Mosquitto, never stored), and publish → socket latency. Skipped, with the
 * reason, when PostgreSQL, Redis or the mosquitto program is missing.
 */
export async function runCluster(ctx: BenchContext): Promise<Record<string, unknown> | undefined> {
  const redis = await findBenchRedis();
  if (typeof redis === 'string') return skip(ctx, redis);
  const postgres = await openBenchPostgres();
  if (typeof postgres === 'string') return skip(ctx, postgres);
  try {
    const mosquitto = await startBenchMosquitto();
    if (typeof mosquitto === 'string') return skip(ctx, mosquitto);
    try {
      return await measure(ctx, postgres, mosquitto.port, redis.url);
    } finally {
      await mosquitto.stop();
    }
  } finally {
    await postgres.drop();
  }
}

function skip(ctx: BenchContext, why: string): undefined {
  ctx.note(`cluster: skipped, ${why}`);
  return undefined;
}

async function measure(
  { params, log, note, pool, serverNodeArgs }: BenchContext,
  postgres: BenchPostgres,
  brokerPort: number,
  redisUrl: string,
): Promise<Record<string, unknown>> {
  const { devices: count, ingestProcesses, messagesPerS, durationS, drainS, watched } = params.cluster;
  // One data directory and fixed secrets for all: the processes are one installation.
  const dataDir = newDataDir();
  const env = {
    DATABASE_URL: postgres.url,
    MQTT_URL: `mqtt://127.0.0.1:${brokerPort}`,
    REDIS_URL: redisUrl,
    JWT_SECRET_KEY: crypto.randomBytes(32).toString('base64url'),
    SECRET_KEY: crypto.randomBytes(32).toString('base64url'),
  };
  const servers: ServerProcess[] = [];
  const publishers = createPublisherGroup(await pool.get('publisher', params.publisherProcesses));
  const [sockets] = (await pool.get('sockets', 1)) as [WorkerHandle];
  try {
    // The API process first: it migrates the schema and creates the admin.
    const api = await startServer({
      dataDir,
      nodeArgs: serverNodeArgs,
      env: { ...env, ROLES: 'api,worker' },
    });
    servers.push(api);
    for (let i = 0; i < ingestProcesses; i += 1) {
      const ingest = await startServer({
        dataDir,
        nodeArgs: serverNodeArgs,
        env: { ...env, ROLES: 'ingest' },
      });
      servers.push(ingest);
      await waitUntilReady(ingest); // its shared subscription is in place
    }
    const token = await login(api.baseUrl, api.admin.username, api.admin.password);
    const prefix = `CLU${crypto.randomBytes(2).toString('hex').toUpperCase()}`;
    const registration = await registerDevices(api.baseUrl, token, deviceIds(prefix, count), {
      model: params.model,
      concurrency: params.registrationConcurrency,
    });
    const connect = await publishers.connect('127.0.0.1', brokerPort, registration.devices, 200);
    if (connect.failed > 0) throw new Error(`devices could not connect to mosquitto: ${connect.errors[0]}`);
    const probes = registration.devices.slice(0, watched).map((d) => d.id);
    const subscribed = await sockets.call<{ failed: number; errors: string[] }>('connect', {
      url: api.baseUrl,
      token,
      count: probes.length,
      rooms: probes.map((id) => `device:${id}`),
      concurrency: probes.length,
    } satisfies SocketsConnectArgs);
    if (subscribed.failed > 0) throw new Error(`sockets could not subscribe: ${subscribed.errors[0]}`);
    log(
      `cluster: 1 api,worker + ${ingestProcesses} ingest processes on PostgreSQL, mosquitto and Redis; ${count} devices at ${messagesPerS} msg/s for ${durationS} s`,
    );

    await sockets.call('startRecording');
    const started = performance.now();
    const run = await publishers.run({
      mode: 'paced',
      messagesPerS,
      durationS,
      window: params.window,
      metrics: params.metrics,
      probeIds: probes,
      drainTimeoutS: 30,
    });
    // Mosquitto acknowledged the devices; wait (bounded) until the servers stored what it queued.
    const ids = registration.devices.map((d) => d.id);
    const acked = run.acked * params.metrics.length;
    const countStored = () =>
      run.firstTs === null || run.lastTs === null
        ? Promise.resolve(0)
        : postgres.countReadings(ids, run.firstTs, run.lastTs);
    const drainLimit = performance.now() + drainS * 1000;
    let stored = await countStored();
    let storedAt = performance.now();
    while (stored < acked && performance.now() < drainLimit && performance.now() - storedAt < 5_000) {
      await sleep(250);
      const now = await countStored();
      if (now > stored) storedAt = performance.now();
      stored = now;
    }
    await sleep(700);
    const arrivals = await sockets.call<RecordedArrivals>('stopRecording');
    const latencies: number[] = [];
    let undelivered = 0;
    for (const id of probes) {
      const mine = arrivals.device
        .map((device, i) => ({ device, at: arrivals.at[i]!, newestTs: arrivals.newestTs[i]! }))
        .filter((a) => a.device === id);
      const result = deliveryLatencies(run.probes[id] ?? [], mine);
      latencies.push(...result.latencies);
      undelivered += result.undelivered;
    }
    const latency = summarize(latencies);
    const drained = stored >= acked || performance.now() - storedAt >= 5_000;
    const seconds = (storedAt - started) / 1000;
    const puback = run.puback.summary();
    const figures = {
      readings_per_s: Math.round(rate(stored, seconds)),
      offered_readings_per_s: messagesPerS * params.metrics.length,
      // Not drained in time: what is missing may still be queued in Mosquitto, so it is not called lost.
      lost: drained ? Math.max(0, acked - stored) : null,
      still_queued: drained ? 0 : acked - stored,
      acked_readings: acked,
      stored_readings: stored,
      p50_ms: latency.p50_ms,
      p99_ms: latency.p99_ms,
      max_ms: latency.max_ms,
      publications_watched: latencies.length + undelivered,
      undelivered,
      puback_p50_ms: puback.p50_ms,
      puback_p99_ms: puback.p99_ms,
      held_back: run.throttled,
      ingest_processes: ingestProcesses,
      devices: count,
      duration_s: round(seconds, 1),
      server_problems: servers.map((s) => s.problems()),
    };
    if (latencies.length === 0 && undelivered > 0)
      note(
        'cluster: no telemetry event reached the sockets on the api,worker process (readings stored by a ROLES=ingest process are pushed only by a Socket.IO server in that same process)',
      );
    log(
      `cluster: ${figures.readings_per_s} readings/s stored, ${figures.lost ?? 'n/a'} lost (${figures.still_queued} still queued); publish → socket p50 ${latency.p50_ms} / p99 ${latency.p99_ms} ms (${undelivered} of ${figures.publications_watched} watched publications never reached the socket)`,
    );
    return figures;
  } finally {
    await sockets.call('close').catch(() => undefined);
    await publishers.close();
    for (const server of servers.reverse()) await server.stop();
    servers[0]?.removeData();
  }
}
