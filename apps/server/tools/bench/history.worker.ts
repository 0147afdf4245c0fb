/**
 * Writes a realistic history straight into the server's SQLite file while the server is stopped:
 * for each device and metric a reading a minute (a daily cycle plus noise), its 1-minute and
 * 1-hour rollups exactly as the server keeps them, and a history of closed alerts. Done in SQL
 * (a recursive series per device-metric), because tens of millions of rows through JavaScript
 * would take most of the bench's time budget.
 */
import SQLite from 'better-sqlite3';
import { serveWorker } from './worker-rpc';

export interface HistoryArgs {
  file: string;
  deviceIds: string[];
  metrics: Array<{ name: string; mean: number; amplitude: number; noise: number }>;
  days: number;
  /** The last reading's time (epoch ms, a whole minute). */
  endMs: number;
  alerts: number;
}

export interface HistoryResult {
  readings: number;
  rollups1m: number;
  rollups1h: number;
  alerts: number;
  seconds: number;
}

const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;

async function generate({
  file,
  deviceIds,
  metrics,
  days,
  endMs,
  alerts,
}: HistoryArgs): Promise<HistoryResult> {
  const started = performance.now();
  const db = new SQLite(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  const perSeries = (days * DAY) / MINUTE;
  const startMs = endMs - (perSeries - 1) * MINUTE;
  let readings = 0;
  let rollups1h = 0;
  try {
    const addSeries = db.prepare(
      'insert into series (device_id, metric) values (?, ?) on conflict (device_id, metric) do nothing',
    );
    const seriesId = db.prepare('select id from series where device_id = ? and metric = ?').pluck();
    const fillReadings = db.prepare(`
      with recursive t(i) as (select 0 union all select i + 1 from t where i < @n - 1)
      insert into readings (series_id, ts, value)
      select @series, @start + i * ${MINUTE},
             @mean + @amplitude * sin(2 * pi() * ((@start + i * ${MINUTE}) % ${DAY}) / ${DAY})
                   + @noise * ((abs(random()) % 2001) - 1000) / 1000.0
      from t`);
    const fillMinutes = db.prepare(`
      insert into rollups_1m (series_id, bucket, min, max, sum, count, last, last_ts)
      select series_id, ts, value, value, value, 1, value, ts from readings where series_id = ?`);
    const fillHours = db.prepare(`
      insert into rollups_1h (series_id, bucket, min, max, sum, count, last, last_ts)
      select series_id, h, mn, mx, sm, n,
             (select value from readings r2 where r2.series_id = g.series_id and r2.ts = g.last_ts), last_ts
      from (select series_id, (ts / ${HOUR}) * ${HOUR} as h, min(value) as mn, max(value) as mx,
                   sum(value) as sm, count(*) as n, max(ts) as last_ts
            from readings where series_id = ? group by 2) as g`);

    for (const deviceId of deviceIds) {
      db.transaction(() => {
        for (const m of metrics) {
          addSeries.run(deviceId, m.name);
          const id = seriesId.get(deviceId, m.name) as number;
          readings += fillReadings.run({
            series: id,
            n: perSeries,
            start: startMs,
            mean: m.mean,
            amplitude: m.amplitude,
            noise: m.noise,
          }).changes;
          fillMinutes.run(id);
          rollups1h += fillHours.run(id).changes;
        }
      })();
    }

    // Closed alerts spread over the period, on the rules the server installed.
    const rules = db.prepare('select id, name, metric from alert_rules order by id').all() as Array<{
      id: number;
      name: string;
      metric: string;
    }>;
    const addAlert = db.prepare(`
      insert into alerts (rule_id, rule_name, device_id, metric, severity, state, value, message, count,
                          started_at, updated_at, cleared_at, resolved_by, resolved_at)
      values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    const severities = ['info', 'warning', 'critical'];
    db.transaction(() => {
      for (let i = 0; i < alerts && rules.length > 0; i += 1) {
        const rule = rules[i % rules.length]!;
        const deviceId = deviceIds[i % deviceIds.length]!;
        const startedAt = startMs + Math.floor(((i + 0.5) / alerts) * (endMs - startMs));
        const endedAt = startedAt + 5 * MINUTE + (i % 50) * MINUTE;
        const resolved = i % 4 === 0;
        addAlert.run(
          rule.id,
          rule.name,
          deviceId,
          rule.metric,
          severities[i % 3],
          resolved ? 'resolved' : 'cleared',
          70 + (i % 30),
          `${rule.name} on ${deviceId}`,
          1 + (i % 20),
          startedAt,
          endedAt,
          resolved ? null : endedAt,
          resolved ? 'bench' : null,
          resolved ? endedAt : null,
        );
      }
    })();
    const rollups1m = (db.prepare('select count(*) from rollups_1m').pluck().get() as number) ?? 0;
    db.pragma('wal_checkpoint(TRUNCATE)');
    return { readings, rollups1m, rollups1h, alerts, seconds: (performance.now() - started) / 1000 };
  } finally {
    db.close();
  }
}

serveWorker({ generate });
