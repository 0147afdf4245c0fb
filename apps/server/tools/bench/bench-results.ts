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

const num = (v: number | null | undefined, digits = 0) =>
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

/** The table printed at the end of a run. */
export function formatTable(results: BenchResults): string {
  const s = results.scenarios;
  const rows: Array<[string, string, string]> = [];
  const row = (scenario: string, figure: string, value: string) => rows.push([scenario, figure, value]);

  if (s.ingest) {
    row(
      'ingest',
      'readings/s stored (messages/s)',
      `${num(s.ingest.readings_per_s)} (${num(s.ingest.messages_per_s)})`,
    );
    row('', 'PUBACK p50 / p99', `${num(s.ingest.puback_p50_ms, 1)} / ${num(s.ingest.puback_p99_ms, 1)} ms`);
    row('', 'server CPU', `${num(s.ingest.cpu_pct)} %`);
    const anomaly = s.ingest.anomaly as { share_of_server_cpu_pct: number | null } | undefined;
    if (anomaly) row('', 'anomaly scoring / server CPU', `${num(anomaly.share_of_server_cpu_pct, 1)} %`);
  }
  if (s.detect) {
    const d = s.detect;
    row(
      'detect',
      'dtwin detect rows/s, one core, spawn to exit',
      `${num(d.rows_per_s)} (${num(d.rows)} rows)`,
    );
    row(
      '',
      '… after start-up (start-up alone)',
      `${num(d.rows_per_s_after_startup)} (${num(d.startup_s, 2)} s)`,
    );
    row(
      '',
      'rows per CPU second (after start-up)',
      `${num(d.rows_per_cpu_s)} (${num(d.rows_per_cpu_s_after_startup)})`,
    );
  }
  if (s.e2e) {
    row('e2e', 'messages/s', num(s.e2e.messages_per_s));
    row(
      '',
      'publish → socket p50 / p99 / max',
      `${num(s.e2e.p50_ms, 1)} / ${num(s.e2e.p99_ms, 1)} / ${num(s.e2e.max_ms, 1)} ms`,
    );
    const lower = s.e2e.at_lower_rate as E2eFigures | undefined;
    if (lower) {
      row(
        '',
        `same at ${num(lower.messages_per_s)} msg/s`,
        `${num(lower.p50_ms, 1)} / ${num(lower.p99_ms, 1)} / ${num(lower.max_ms, 1)} ms`,
      );
    }
  }
  for (const [name, q] of Object.entries(s.queries ?? {})) {
    row(
      rows.some((r) => r[0] === 'queries') ? '' : 'queries',
      name,
      `p50 ${num(q.p50_ms, 1)} / p99 ${num(q.p99_ms, 1)} ms, ${num(q.requests_per_s)} req/s`,
    );
  }
  if (s.fanout) {
    for (const step of (s.fanout.steps as FanoutFigures[] | undefined) ?? [s.fanout]) {
      row(
        rows.some((r) => r[0] === 'fanout') ? '' : 'fanout',
        `${num(step.clients)} sockets in fleet`,
        `p99 ${num(step.p99_ms, 1)} ms, CPU ${num(step.cpu_pct)} %`,
      );
    }
  }
  if (s.footprint) {
    const f = s.footprint;
    row('footprint', 'RSS idle', `${num(f.rss_idle_mb)} MB`);
    row(
      '',
      'RSS at low / high device count, during ingest',
      `${num(f.rss_low_devices_mb as number)} / ${num(f.rss_high_devices_mb as number)} MB (${num(f.devices_low as number)} / ${num(f.devices_high as number)})`,
    );
    row('', 'RSS per connected device, during ingest', `${num(f.rss_per_device_kb, 1)} KB`);
    row('', 'disk per stored reading', `${num(f.disk_bytes_per_reading, 1)} bytes`);
    row('', 'ready, spawn to /healthz 200', `${num(f.ready_ms)} ms`);
  }
  if (s.overload) {
    const o = s.overload;
    row('overload', 'offered readings/s', num(o.offered_per_s));
    row('', 'acked / stored / lost', `${num(o.acked)} / ${num(o.stored)} / ${num(o.lost)}`);
    row('', 'max RSS', `${num(o.max_rss_mb)} MB`);
  }
  if (s.external) {
    const x = s.external;
    row(
      'external',
      'PostgreSQL + Mosquitto: stored / offered readings/s',
      `${num(x.readings_per_s)} / ${num(x.offered_readings_per_s)}`,
    );
    row(
      '',
      'acked / stored / lost (still queued)',
      `${num(x.acked_readings)} / ${num(x.stored_readings)} / ${num(x.lost)} (${num(x.still_queued)})`,
    );
    if (x.fraction_of_embedded !== null)
      row('', 'against the embedded broker', `${num(x.fraction_of_embedded * 100)} %`);
  }
  if (s.limits) {
    const l = s.limits;
    row('limits', 'bare MQTT pass-through, msg/s', num(l.mqtt_passthrough_msgs_per_s));
    row('', 'bare SQLite insert, rows/s', num(l.sqlite_insert_rows_per_s));
    if (typeof l.ingest_fraction_of_mqtt === 'number')
      row('', 'our ingest / pass-through', `${num(l.ingest_fraction_of_mqtt * 100)} %`);
    if (typeof l.ingest_fraction_of_sqlite === 'number')
      row('', 'our ingest / SQLite insert', `${num(l.ingest_fraction_of_sqlite * 100)} %`);
  }

  const widths = [0, 1, 2].map((i) => Math.max(...rows.map((r) => r[i]!.length), 8));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  const out = [
    line(['scenario', 'figure', 'value']),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...rows.map(line),
  ];
  if (results.targets.length > 0) {
    out.push(
      '',
      `targets${results.params.quick ? ' (set for the full run; a quick run is not judged)' : ''}:`,
    );
    for (const t of results.targets) {
      const verdict = results.params.quick ? '' : t.met === null ? '  n/a' : t.met ? '  met' : '  MISSED';
      out.push(`  ${t.name}: ${t.value} (target ${t.target})${verdict}`);
    }
  }
  return out.join('\n');
}
