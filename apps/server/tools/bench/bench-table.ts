import { num, type BenchResults, type E2eFigures, type FanoutFigures } from './bench-results';

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
    const q = o.qos0 as Record<string, number | boolean | null> | undefined;
    if (q) {
      const n = (k: string) => num(q[k] as number | null);
      row(
        'overload QoS 0',
        'offered / written by publishers, msg/s',
        `${n('offered_messages_per_s')} / ${n('sent_messages_per_s')}`,
      );
      row('', 'received by the server, msg/s', n('received_messages_per_s'));
      row('', 'stored readings/s; shed messages', `${n('stored_readings_per_s')}; ${n('shed_messages')}`);
      row('', 'up; max RSS', `${q.survived ? 'up' : 'DOWN'}; ${n('max_rss_mb')} MB`);
    }
  }
  if (s.latency) {
    const l = s.latency;
    row('latency', 'messages/s (1 per device)', num(l.messages_per_s));
    row(
      '',
      'PUBACK p50 / p99',
      `${num(l.puback_p50_ms as number, 1)} / ${num(l.puback_p99_ms as number, 1)} ms`,
    );
    row('', 'publish → socket p50 / p99', `${num(l.p50_ms, 1)} / ${num(l.p99_ms, 1)} ms`);
  }
  if (s.cluster) {
    const c = s.cluster as Record<string, number | null>;
    row('cluster', 'readings/s stored; lost', `${num(c.readings_per_s)}; ${num(c.lost)}`);
    row('', 'publish → socket p50 / p99', `${num(c.p50_ms, 1)} / ${num(c.p99_ms, 1)} ms`);
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
  if (s.pgstore) {
    const p = s.pgstore;
    row(
      'pgstore',
      'PostgreSQL rows/s: with rollups / readings only',
      `${num(p.rows_per_s_with_rollups)} / ${num(p.rows_per_s_readings_only)}`,
    );
    row(
      '',
      `retention: drop a day of ${num(p.rows)} rows / delete row by row`,
      `${num(p.day_drop_ms, 1)} ms / ${num(p.row_delete_rows_per_s)} rows/s`,
    );
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
