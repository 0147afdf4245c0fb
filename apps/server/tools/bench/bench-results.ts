import os from 'node:os';
import type { BenchParams } from './bench-params';

/**
 * The shape of `bench-results/<date>.json`. The field names of SPEC §12 are fixed (clients and
 * the docs rely on them); everything else is extra detail. Rates are per second over the
 * measured window; latencies in milliseconds; CPU in percent of one core.
 */

export interface Machine {
  cpu_model: string;
  cores: number;
  ram_gb: number;
  node: string;
  os: string;
  load_avg_at_start: number[];
}

export interface IngestFigures {
  readings_per_s: number;
  messages_per_s: number;
  puback_p50_ms: number | null;
  puback_p99_ms: number | null;
  cpu_pct: number | null;
  [extra: string]: unknown;
}

export interface E2eFigures {
  messages_per_s: number;
  p50_ms: number | null;
  p99_ms: number | null;
  max_ms: number | null;
  [extra: string]: unknown;
}

export interface QueryFigures {
  p50_ms: number | null;
  p99_ms: number | null;
  requests_per_s: number;
  [extra: string]: unknown;
}

export interface FanoutFigures {
  clients: number;
  p99_ms: number | null;
  cpu_pct: number | null;
  [extra: string]: unknown;
}

export interface FootprintFigures {
  rss_idle_mb: number | null;
  rss_per_device_kb: number | null;
  disk_bytes_per_reading: number | null;
  ready_ms: number;
  [extra: string]: unknown;
}

export interface OverloadFigures {
  offered_per_s: number;
  acked: number;
  stored: number;
  lost: number;
  max_rss_mb: number | null;
  [extra: string]: unknown;
}

export interface LimitsFigures {
  mqtt_passthrough_msgs_per_s: number;
  sqlite_insert_rows_per_s: number;
  [extra: string]: unknown;
}

/** `dtwin detect` spawned on a CSV, pinned to one core, from spawn to exit. */
export interface ExternalFigures {
  [figure: string]: unknown;
  /**
   * Readings per second offered by the devices, and stored (counted in PostgreSQL, from the start
   * of the run until the server had stored the last of them).
   */
  offered_readings_per_s: number;
  readings_per_s: number;
  messages_per_s: number;
  /**
   * Acknowledged to the devices (by Mosquitto) but never stored once the server stopped making
   * progress; null when the bounded wait ended first (see still_queued).
   */
  lost: number | null;
  still_queued: number;
  acked_readings: number;
  stored_readings: number;
  held_back: number;
  puback_p50_ms: number | null;
  puback_p99_ms: number | null;
  /** Stored readings/s against the embedded broker's sustained rate in the same run (target ≥ 0.5). */
  fraction_of_embedded: number | null;
  embedded_readings_per_s: number | null;
  devices: number;
  duration_s: number | null;
  cpu_pct: number | null;
}

export interface DetectFigures {
  rows_per_s: number;
  rows: number;
  wall_s: number | null;
  startup_s: number | null;
  rows_per_s_after_startup: number | null;
  /** The core it was pinned to (null: not pinned). */
  pinned_core: number | null;
  /** Its CPU time (user + system), whole run and the one-row run. */
  cpu_s: number | null;
  startup_cpu_s: number | null;
  rows_per_cpu_s: number | null;
  rows_per_cpu_s_after_startup: number | null;
}

/** PostgreSQL's storage path alone (see scenarios/pg-store.scenario.ts). */
export interface PgStoreFigures {
  rows: number;
  batch: number;
  series: number;
  rows_per_s_with_rollups: number | null;
  rows_per_s_readings_only: number | null;
  /** Retention of the first pass's day: partitions dropped and how long that took. */
  day_partitions_dropped: number;
  day_drop_ms: number | null;
  /** Retention of the second pass's rows, in the default partition: deleted series by series. */
  rows_deleted_one_by_one: number;
  row_delete_rows_per_s: number | null;
}

export interface Scenarios {
  ingest?: IngestFigures;
  e2e?: E2eFigures;
  queries?: Record<string, QueryFigures>;
  fanout?: FanoutFigures;
  footprint?: FootprintFigures;
  overload?: OverloadFigures;
  limits?: LimitsFigures;
  detect?: DetectFigures;
  external?: ExternalFigures;
  pgstore?: PgStoreFigures;
  /** Latency at low load: the E2E measure at one message a second per device. */
  latency?: E2eFigures;
  /** The PostgreSQL cluster: ingest and API/worker processes, an external broker, Redis. */
  cluster?: Record<string, unknown>;
}

export interface TargetCheck {
  name: string;
  target: string;
  value: string;
  met: boolean | null;
}

export interface BenchResults {
  machine: Machine;
  params: BenchParams;
  started_at: string;
  duration_s: number;
  scenarios: Scenarios;
  targets: TargetCheck[];
  /** What disturbed the run or limits a figure, in words. */
  notes: string[];
  /** Scenarios that could not finish, with the reason. */
  failures: string[];
  /** How the scenarios were set up (generated history, server warnings…). */
  details: Record<string, unknown>;
}

export function describeMachine(): Machine {
  const cpus = os.cpus();
  return {
    cpu_model: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    ram_gb: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    load_avg_at_start: os.loadavg().map((l) => Math.round(l * 100) / 100),
  };
}

export const num = (v: number | null | undefined, digits = 0) =>
  v === null || v === undefined ? 'n/a' : v.toLocaleString('en-US', { maximumFractionDigits: digits });

/** The targets for the full run on two cores, checked against what was measured. */
export function checkTargets(s: Scenarios): TargetCheck[] {
  const checks: TargetCheck[] = [];
  const add = (
    name: string,
    target: string,
    value: number | null | undefined,
    met: (v: number) => boolean,
    digits = 1,
  ) =>
    checks.push({
      name,
      target,
      value: num(value, digits),
      met: value === null || value === undefined ? null : met(value),
    });
  if (s.ingest)
    add('sustained ingest, readings/s stored', '>= 100,000', s.ingest.readings_per_s, (v) => v >= 100_000, 0);
  const anomaly = s.ingest?.anomaly as { share_of_server_cpu_pct: number | null } | undefined;
  if (anomaly)
    add(
      'anomaly scoring, % of server CPU during sustained ingest',
      '< 10',
      anomaly.share_of_server_cpu_pct,
      (v) => v < 10,
    );
  if (s.detect)
    add(
      'dtwin detect rows/s on one core, spawn to exit',
      '>= 200,000',
      s.detect.rows_per_s,
      (v) => v >= 200_000,
      0,
    );
  if (s.external?.fraction_of_embedded != null)
    add(
      'PostgreSQL + external broker against the embedded broker',
      '>= 50 %',
      s.external.fraction_of_embedded * 100,
      (v) => v >= 50,
      0,
    );
  if (s.e2e) add('end-to-end p99 at 10,000 msg/s, ms', '<= 10', s.e2e.p99_ms, (v) => v <= 10);
  if (s.queries?.chart_30d) add('30-day chart p99, ms', '<= 20', s.queries.chart_30d.p99_ms, (v) => v <= 20);
  if (s.fanout) {
    const held = s.fanout.clients;
    checks.push({
      name: 'sockets held in fleet',
      target: '5,000',
      value: num(held),
      met: held >= 5000,
    });
    add('fleet event delivery p99, ms', '<= 100', s.fanout.p99_ms, (v) => v <= 100);
  }
  if (s.footprint) {
    add(
      'resident memory per connected, reporting device (during ingest), KB',
      '<= 15',
      s.footprint.rss_per_device_kb,
      (v) => v <= 15,
    );
    add('resident memory idle, MB', '<= 120', s.footprint.rss_idle_mb, (v) => v <= 120);
    add(
      'resident memory at 1,000 devices, MB',
      '<= 250',
      s.footprint.rss_1000_devices_mb as number | null | undefined,
      (v) => v <= 250,
    );
    add('bytes on disk per raw reading', '<= 30', s.footprint.disk_bytes_per_reading, (v) => v <= 30);
    add('ready (spawn to /healthz 200), ms', '<= 1,000', s.footprint.ready_ms, (v) => v <= 1000, 0);
  }
  if (s.e2e?.at_lower_rate) {
    const lower = s.e2e.at_lower_rate as E2eFigures;
    add('publish → socket p99 at half the sustained rate, ms', '<= 250', lower.p99_ms, (v) => v <= 250);
  }
  if (s.latency) {
    add('low load: publish → socket p50, ms', '<= 15', s.latency.p50_ms, (v) => v <= 15);
    add('low load: publish → socket p99, ms', '<= 50', s.latency.p99_ms, (v) => v <= 50);
    add('low load: PUBACK p50, ms', '<= 10', s.latency.puback_p50_ms as number | null, (v) => v <= 10);
  }
  const qos0 = s.overload?.qos0 as { survived: boolean; shed_messages: number | null } | undefined;
  if (qos0) {
    checks.push({
      name: 'QoS 0 overload: up, drops counted by the server',
      target: 'survived, shed reported',
      value: `${qos0.survived ? 'up' : 'DOWN'}, shed ${num(qos0.shed_messages)}`,
      met: qos0.survived && qos0.shed_messages !== null,
    });
  }
  if (s.cluster) {
    const lost = s.cluster.lost as number | null;
    checks.push({
      name: 'PostgreSQL cluster: lost',
      target: '0',
      value: num(lost),
      met: lost === null ? null : lost === 0,
    });
  }
  if (s.overload) {
    checks.push({
      name: 'overload: up, nothing acknowledged lost',
      target: 'survived, lost = 0',
      value: `${s.overload.survived === false ? 'DOWN' : 'up'}, lost ${num(s.overload.lost)}`,
      met: s.overload.survived !== false && s.overload.lost === 0,
    });
  }
  return checks;
}
