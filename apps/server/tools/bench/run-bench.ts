import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { deviceIds, login, registerDevices } from './api-client';
import { fullParams, quickParams, scenarioNames, type ScenarioName } from './bench-params';
import { checkTargets, describeMachine, type BenchResults, type Scenarios } from './bench-results';
import { round } from './histogram';
import { createPublisherGroup } from './publisher-group';
import type { BenchContext, LiveServer } from './scenarios/context';
import { runDetectThroughput } from './scenarios/detect.scenario';
import { runE2e } from './scenarios/e2e.scenario';
import { runExternal } from './scenarios/external.scenario';
import { runFanout } from './scenarios/fanout.scenario';
import { runFootprint } from './scenarios/footprint.scenario';
import { runIngest } from './scenarios/ingest.scenario';
import { runLimits } from './scenarios/limits.scenario';
import { runCluster } from './scenarios/cluster.scenario';
import { runLatency } from './scenarios/latency.scenario';
import { runOverloadQos0 } from './scenarios/overload-qos0.scenario';
import { runOverload } from './scenarios/overload.scenario';
import { runPgStore } from './scenarios/pg-store.scenario';
import { runQueries } from './scenarios/queries.scenario';
import { embeddedBrokerPort, startServer } from './server-process';
import { diskUsage } from './stored-readings';
import { createWorkerPool } from './worker-rpc';

export interface BenchOptions {
  quick: boolean;
  only?: ScenarioName[];
  /** Where the JSON goes; default bench-results/<date>.json (or <date>.quick.json) at the repository root. */
  out?: string;
  /** Profile every server's CPU (node --cpu-prof) into this directory. */
  cpuProfDir?: string;
}

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');

export function defaultOutput(quick: boolean, now = new Date()): string {
  const date = now.toISOString().slice(0, 10);
  return path.join(repoRoot, 'bench-results', `${date}${quick ? '.quick' : ''}.json`);
}

/**
 * The whole bench. Three servers, each fresh: one for footprint (start-up, memory idle and per
 * connected device), one for fan-out, ingest, end-to-end and overload (in that order, on the
 * same 1,000 devices; bytes on disk per reading from it once stopped), one for queries over a
 * generated history. The machine's limits are measured first, with nothing else running.
 */
export async function runBench(options: BenchOptions): Promise<{ results: BenchResults; file: string }> {
  const params = options.quick ? quickParams : fullParams;
  const wanted = new Set<ScenarioName>(options.only ?? scenarioNames);
  if (wanted.has('overload')) wanted.add('ingest'); // overload is a multiple of the sustained rate
  if (wanted.has('external')) wanted.add('ingest'); // external is compared with the embedded broker's rate
  const startedAt = new Date();
  const t0 = performance.now();
  const notes: string[] = [];
  const failures: string[] = [];
  const details: Record<string, unknown> = {};
  const pool = createWorkerPool();
  const ctx: BenchContext = {
    params,
    pool,
    serverNodeArgs: options.cpuProfDir
      ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(options.cpuProfDir)}`]
      : [],
    log: (message) =>
      process.stderr.write(`[${((performance.now() - t0) / 1000).toFixed(1).padStart(6)} s] ${message}\n`),
    note: (message) => {
      notes.push(message);
      ctx.log(`note: ${message}`);
    },
    fail: (message) => {
      failures.push(message);
      ctx.log(`FAILED ${message}`);
    },
  };
  const scenarios: Scenarios = {};
  const machine = describeMachine();
  ctx.log(
    `bench (${params.quick ? 'quick' : 'full'}) on ${machine.cpu_model}, ${machine.cores} cores, ${machine.ram_gb} GB, Node ${machine.node}; load average ${machine.load_avg_at_start.join(' ')}`,
  );
  if (machine.load_avg_at_start[0]! > 0.5 * machine.cores) {
    ctx.note(
      `the machine was busy when the run started (load average ${machine.load_avg_at_start[0]} on ${machine.cores} cores): figures may be low`,
    );
  }

  try {
    // Every process the scenarios will need, started together rather than one by one.
    const has = (...names: ScenarioName[]) => names.some((n) => wanted.has(n));
    await Promise.all([
      pool.get('publisher', params.publisherProcesses),
      has('limits') ? pool.get('passthrough', 2) : null,
      has('limits') ? pool.get('sqlite', 1) : null,
      has('fanout', 'e2e', 'latency')
        ? pool.get('sockets', wanted.has('fanout') ? params.fanout.processes : 1)
        : null,
      has('overload', 'queries') ? pool.get('http', 1) : null,
      has('queries') ? pool.get('history', 1) : null,
    ]);
    if (options.cpuProfDir)
      ctx.note('the servers ran under the CPU profiler (node --cpu-prof): figures are lower');
    await runScenarios(ctx, wanted, scenarios, details);
  } finally {
    await pool.closeAll();
  }

  if (scenarios.limits && scenarios.ingest) {
    scenarios.limits.ingest_fraction_of_mqtt = round(
      scenarios.ingest.messages_per_s / scenarios.limits.mqtt_passthrough_msgs_per_s,
      3,
    );
    scenarios.limits.ingest_fraction_of_sqlite = round(
      scenarios.ingest.readings_per_s / scenarios.limits.sqlite_insert_rows_per_s,
      3,
    );
  }

  const results: BenchResults = {
    machine,
    params,
    started_at: startedAt.toISOString(),
    duration_s: round((performance.now() - t0) / 1000, 1)!,
    scenarios,
    targets: checkTargets(scenarios),
    notes,
    failures,
    details,
  };
  const file = options.out ? path.resolve(options.out) : defaultOutput(params.quick, startedAt);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(`${file}.tmp`, `${JSON.stringify(results, null, 2)}\n`);
  fs.renameSync(`${file}.tmp`, file);
  return { results, file };
}

async function runScenarios(
  ctx: BenchContext,
  wanted: Set<ScenarioName>,
  scenarios: Scenarios,
  details: Record<string, unknown>,
): Promise<void> {
  // A scenario that fails is reported and the others still run; the command then exits with 1.
  const attempt = async <T>(name: string, body: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await body();
    } catch (err) {
      ctx.fail(`${name}: ${err instanceof Error ? err.message : String(err)}`);
      return undefined;
    }
  };
  if (wanted.has('limits')) scenarios.limits = await attempt('limits', () => runLimits(ctx));
  if (wanted.has('footprint')) scenarios.footprint = await attempt('footprint', () => runFootprint(ctx));
  if (wanted.has('detect')) scenarios.detect = await attempt('detect', () => runDetectThroughput(ctx));

  if (['fanout', 'latency', 'ingest', 'e2e', 'overload'].some((s) => wanted.has(s as ScenarioName))) {
    const live = await attempt('ingest server', () => startLiveServer(ctx));
    if (live) await runOnLiveServer(ctx, live, wanted, scenarios, details, attempt);
  }

  // After the embedded-broker server has stopped, so the two never share the machine.
  if (wanted.has('external'))
    scenarios.external = await attempt('external', () => runExternal(ctx, scenarios.ingest));
  if (wanted.has('pgstore')) scenarios.pgstore = await attempt('pgstore', () => runPgStore(ctx));
  if (wanted.has('cluster')) scenarios.cluster = await attempt('cluster', () => runCluster(ctx));
  if (wanted.has('queries')) {
    const done = await attempt('queries', () => runQueries(ctx));
    if (done) {
      scenarios.queries = done.queries;
      details.queries_history = done.history;
    }
  }
}

async function runOnLiveServer(
  ctx: BenchContext,
  live: LiveServer,
  wanted: Set<ScenarioName>,
  scenarios: Scenarios,
  details: Record<string, unknown>,
  attempt: <T>(name: string, body: () => Promise<T>) => Promise<T | undefined>,
): Promise<void> {
  try {
    if (wanted.has('fanout')) scenarios.fanout = await attempt('fanout', () => runFanout(ctx, live));
    // Before ingest: the server has no backlog and the devices' analytics are in their usual state.
    if (wanted.has('latency')) scenarios.latency = await attempt('latency', () => runLatency(ctx, live));
    if (wanted.has('ingest')) scenarios.ingest = await attempt('ingest', () => runIngest(ctx, live));
    if (wanted.has('e2e'))
      scenarios.e2e = await attempt('e2e', () =>
        runE2e(ctx, live, scenarios.ingest?.final_messages_per_s as number | undefined),
      );
    const sustained = scenarios.ingest?.messages_per_s;
    if (wanted.has('overload') && sustained) {
      scenarios.overload = await attempt('overload', () => runOverload(ctx, live, sustained));
      const qos0 = await attempt('overload QoS 0', () => runOverloadQos0(ctx, live, sustained));
      if (scenarios.overload && qos0) scenarios.overload.qos0 = qos0;
      else if (qos0) details.overload_qos0 = qos0;
    }
    details.ingest_server_problems = live.server.problems();
  } finally {
    await live.publishers.close();
    await live.server.stop();
  }
  try {
    await attempt('disk usage', async () => measureDisk(ctx, live, scenarios));
  } finally {
    live.server.removeData();
  }
}

/** Bytes on disk per reading, from the stopped ingest server's database (millions of readings). */
function measureDisk(ctx: BenchContext, live: LiveServer, scenarios: Scenarios): void {
  const disk = diskUsage(live.server.sqliteFile);
  // Per reading only when there are enough of them for the fixed part of the file not to count.
  const enough = disk.readings >= 100_000;
  const footprint = (scenarios.footprint ??= {
    rss_idle_mb: null,
    rss_per_device_kb: null,
    disk_bytes_per_reading: null,
    ready_ms: Math.round(live.server.healthzMs),
  });
  footprint.disk_bytes_per_reading = enough ? round(disk.fileBytes / disk.readings, 1) : null;
  footprint.readings_table_bytes_per_reading =
    enough && disk.readingsTableBytes !== null ? round(disk.readingsTableBytes / disk.readings, 1) : null;
  footprint.disk_readings = disk.readings;
  footprint.disk_file_mb = round(disk.fileBytes / 1024 ** 2, 1);
  ctx.log(
    `footprint: ${disk.readings} readings in ${footprint.disk_file_mb} MB: ${footprint.disk_bytes_per_reading} bytes per reading (${footprint.readings_table_bytes_per_reading} in the readings table)`,
  );
}

/** The shared server: fresh, its devices registered through the API and connected over MQTT. */
async function startLiveServer(ctx: BenchContext): Promise<LiveServer> {
  const { params } = ctx;
  const server = await startServer({ nodeArgs: ctx.serverNodeArgs });
  try {
    const token = await login(server.baseUrl, server.admin.username, server.admin.password);
    const registration = await registerDevices(
      server.baseUrl,
      token,
      [...deviceIds('DEV', params.ingest.devices), 'FANOUT-PROBE'],
      { model: params.model, concurrency: params.registrationConcurrency },
    );
    const fanoutProbe = registration.devices.pop()!;
    const publishers = createPublisherGroup(await ctx.pool.get('publisher', params.publisherProcesses));
    const connect = await publishers.connect(
      '127.0.0.1',
      embeddedBrokerPort(server),
      [...registration.devices, fanoutProbe],
      200,
    );
    if (connect.failed > 0) throw new Error(`devices could not connect: ${connect.errors[0]}`);
    ctx.log(
      `ingest server ready in ${server.readyMs} ms; ${registration.devices.length} devices registered (${Math.round(registration.perS)}/s) and connected`,
    );
    return { server, token, devices: registration.devices, publishers, fanoutProbe };
  } catch (err) {
    await server.stop();
    throw err;
  }
}
