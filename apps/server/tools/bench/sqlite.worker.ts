/**
 * The machine's SQLite limit: the rows ingestion writes (device-metric series, a timestamp and a
 * value), into a table shaped like ours (WITHOUT ROWID, primary key (series, ts)), with the
 * server's pragmas (WAL, synchronous=NORMAL), one transaction per batch, by a prepared statement
 * straight from better-sqlite3: no parsing, no validation, no events, no rollups. A second pass
 * also keeps the two rollup tiers, as the server does.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { serveWorker } from './worker-rpc';

export interface InsertArgs {
  rows: number;
  batch: number;
  series: number;
  withRollups: boolean;
}

function open(dir: string) {
  const db = new SQLite(path.join(dir, 'limit.sqlite'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec(`create table readings (series_id integer not null, ts integer not null, value real not null,
             primary key (series_id, ts)) without rowid`);
  for (const table of ['rollups_1m', 'rollups_1h']) {
    db.exec(`create table ${table} (series_id integer not null, bucket integer not null, min real not null,
               max real not null, sum real not null, count integer not null, last real not null,
               last_ts integer not null, primary key (series_id, bucket)) without rowid`);
  }
  return db;
}

async function insert({ rows, batch, series, withRollups }: InsertArgs) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dtwin-bench-sqlite-'));
  const db = open(dir);
  try {
    const insertReading = db.prepare('insert into readings (series_id, ts, value) values (?, ?, ?)');
    const upserts = ['rollups_1m', 'rollups_1h'].map((table) =>
      db.prepare(`insert into ${table} (series_id, bucket, min, max, sum, count, last, last_ts)
                  values (?, ?, ?, ?, ?, ?, ?, ?)
                  on conflict (series_id, bucket) do update set min = min(min, excluded.min),
                  max = max(max, excluded.max), sum = sum + excluded.sum, count = count + excluded.count,
                  last = excluded.last, last_ts = excluded.last_ts`),
    );
    const widths = [60_000, 3_600_000];
    const start = Date.now() - 86_400_000;
    // One reading per series per step, as a fleet reporting together produces them; rollups are
    // aggregated per batch first, so each (series, bucket) is upserted once per transaction.
    const write = db.transaction((from: number, to: number) => {
      const tiers = widths.map(() => new Map<string, number[]>());
      for (let n = from; n < to; n += 1) {
        const seriesId = (n % series) + 1;
        const ts = start + Math.floor(n / series) * 100;
        const value = 50 + Math.sin(n) * 10;
        insertReading.run(seriesId, ts, value);
        if (!withRollups) continue;
        widths.forEach((width, i) => {
          const bucket = Math.floor(ts / width) * width;
          const key = `${seriesId}:${bucket}`;
          const r = tiers[i]!.get(key);
          if (!r) tiers[i]!.set(key, [seriesId, bucket, value, value, value, 1, value, ts]);
          else {
            r[2] = Math.min(r[2]!, value);
            r[3] = Math.max(r[3]!, value);
            r[4]! += value;
            r[5]! += 1;
            r[6] = value;
            r[7] = ts;
          }
        });
      }
      tiers.forEach((tier, i) => {
        for (const r of tier.values()) upserts[i]!.run(...r);
      });
    });
    const started = performance.now();
    for (let from = 0; from < rows; from += batch) write(from, Math.min(rows, from + batch));
    const seconds = (performance.now() - started) / 1000;
    const stored = (db.prepare('select count(*) as n from readings').get() as { n: number }).n;
    return { rows: stored, seconds, rowsPerS: stored / seconds };
  } finally {
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

serveWorker({ insert });
