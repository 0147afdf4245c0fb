import { describe, expect, it } from 'vitest';
import { parsePrometheusSums } from './api-client';
import { fullParams, quickParams } from './bench-params';
import { checkTargets, type BenchResults, type Scenarios } from './bench-results';
import { formatTable } from './bench-table';

const scenarios: Scenarios = {
  ingest: {
    readings_per_s: 120_000,
    messages_per_s: 24_000,
    puback_p50_ms: 4,
    puback_p99_ms: 12,
    cpu_pct: 95,
    anomaly: { scoring_s: 7, server_cpu_s: 50, share_of_server_cpu_pct: 14 },
  },
  detect: {
    rows_per_s: 250_000,
    rows: 2_000_000,
    wall_s: 8,
    startup_s: 1.5,
    rows_per_s_after_startup: 307_692,
    pinned_core: 1,
    cpu_s: 7.9,
    startup_cpu_s: 1.4,
    rows_per_cpu_s: 253_165,
    rows_per_cpu_s_after_startup: 307_692,
  },
  e2e: { messages_per_s: 10_000, p50_ms: 140, p99_ms: 260, max_ms: 300 },
  queries: { chart_30d: { p50_ms: 6, p99_ms: 19.5, requests_per_s: 900 } },
  fanout: { clients: 4990, p99_ms: 80, cpu_pct: 30 },
  footprint: {
    rss_idle_mb: 170,
    rss_per_device_kb: 12,
    disk_bytes_per_reading: 28,
    ready_ms: 400,
    rss_1000_devices_mb: 240,
  },
  overload: { offered_per_s: 1_000_000, acked: 500, stored: 500, lost: 0, max_rss_mb: 600, survived: true },
  limits: { mqtt_passthrough_msgs_per_s: 30_000, sqlite_insert_rows_per_s: 600_000 },
};

const results = (quick: boolean): BenchResults => ({
  machine: { cpu_model: 'Test CPU', cores: 2, ram_gb: 4, node: 'v20', os: 'Linux', load_avg_at_start: [0] },
  params: quick ? quickParams : fullParams,
  started_at: '2025-01-01T00:00:00.000Z',
  duration_s: 1,
  scenarios,
  targets: checkTargets(scenarios),
  notes: [],
  failures: [],
  details: {},
});

describe('targets', () => {
  it('judges each figure against the issue’s target', () => {
    const verdicts = Object.fromEntries(checkTargets(scenarios).map((t) => [t.name, t.met]));
    expect(verdicts['sustained ingest, readings/s stored']).toBe(true);
    expect(verdicts['end-to-end p99 at 10,000 msg/s, ms']).toBe(false);
    expect(verdicts['30-day chart p99, ms']).toBe(true);
    expect(verdicts['sockets held in fleet']).toBe(false); // 4,990 of 5,000 held
    expect(verdicts['fleet event delivery p99, ms']).toBe(true);
    expect(verdicts['resident memory per connected, reporting device (during ingest), KB']).toBe(true);
    expect(verdicts['resident memory idle, MB']).toBe(false); // 170 MB
    expect(verdicts['ready (spawn to /healthz 200), ms']).toBe(true);
    expect(verdicts['resident memory at 1,000 devices, MB']).toBe(true);
    expect(verdicts['overload: up, nothing acknowledged lost']).toBe(true);
    expect(verdicts['anomaly scoring, % of server CPU during sustained ingest']).toBe(false);
    expect(verdicts['dtwin detect rows/s on one core, spawn to exit']).toBe(true);
  });

  it('fails the overload when anything acknowledged is missing or the server went down', () => {
    const lost = checkTargets({ overload: { ...scenarios.overload!, stored: 499, lost: 1 } });
    expect(lost[0]!.met).toBe(false);
    const down = checkTargets({ overload: { ...scenarios.overload!, survived: false } });
    expect(down[0]!.met).toBe(false);
  });

  it('leaves a target unjudged when its figure could not be measured', () => {
    const [check] = checkTargets({ e2e: { messages_per_s: 0, p50_ms: null, p99_ms: null, max_ms: null } });
    expect(check).toMatchObject({ value: 'n/a', met: null });
  });
});

describe('the printed table', () => {
  it('shows the figures and, for a full run, which targets were missed', () => {
    const table = formatTable(results(false));
    expect(table).toContain('120,000 (24,000)');
    expect(table).toContain('p50 6 / p99 19.5 ms, 900 req/s');
    expect(table).toMatch(/end-to-end p99 at 10,000 msg\/s, ms: 260 \(target <= 10\)\s+MISSED/);
    expect(table).toMatch(/30-day chart p99, ms: 19\.5 \(target <= 20\)\s+met/);
    expect(table).toContain('250,000 (2,000,000 rows)');
    expect(table).toMatch(
      /anomaly scoring, % of server CPU during sustained ingest: 14 \(target < 10\)\s+MISSED/,
    );
  });

  it('does not judge a quick run', () => {
    const table = formatTable(results(true));
    expect(table).toContain('a quick run is not judged');
    expect(table).not.toContain('MISSED');
  });
});

describe('Prometheus text', () => {
  it('adds up every label set of a series and skips comments', () => {
    const text = [
      '# HELP dtwin_ingest_rejected_total Rejected readings',
      '# TYPE dtwin_ingest_rejected_total counter',
      'dtwin_ingest_rejected_total{reason="malformed_json"} 3',
      'dtwin_ingest_rejected_total{reason="unknown_metric"} 4',
      'dtwin_telemetry_batch_rows_sum 12000',
      'dtwin_telemetry_batch_rows_count 3',
      '',
    ].join('\n');
    expect(parsePrometheusSums(text)).toEqual({
      dtwin_ingest_rejected_total: 7,
      dtwin_telemetry_batch_rows_sum: 12_000,
      dtwin_telemetry_batch_rows_count: 3,
    });
  });
});
