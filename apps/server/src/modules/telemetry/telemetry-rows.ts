import { sql, type RawBuilder } from 'kysely';
import type { Dialect } from '../../db/database';
import type { SeriesPoint } from './telemetry.repository';

/** How a batch of readings becomes a few statements: chunks, rollup aggregates, row sources. */

export interface Rollup {
  seriesId: number;
  bucket: number;
  min: number;
  max: number;
  sum: number;
  count: number;
  last: number;
  lastTs: number;
}

export function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Per (series, bucket) aggregates, so an upsert touches each rollup row once per batch. */
export function aggregate(points: SeriesPoint[], width: number): Rollup[] {
  const byKey = new Map<string, Rollup>();
  for (const p of points) {
    const bucket = Math.floor(p.ts / width) * width;
    const key = `${p.seriesId}:${bucket}`;
    const r = byKey.get(key);
    if (!r) {
      byKey.set(key, {
        seriesId: p.seriesId,
        bucket,
        min: p.value,
        max: p.value,
        sum: p.value,
        count: 1,
        last: p.value,
        lastTs: p.ts,
      });
      continue;
    }
    if (p.value < r.min) r.min = p.value;
    if (p.value > r.max) r.max = p.value;
    r.sum += p.value;
    r.count += 1;
    if (p.ts >= r.lastTs) {
      r.last = p.value;
      r.lastTs = p.ts;
    }
  }
  return [...byKey.values()];
}

/**
 * Dialect-specific row sources: a whole chunk of rows is one parameter, so the statement text
 * (and so its parse/plan) is the same for every batch. SQLite reads a JSON array of arrays with
 * json_each (doubles round-trip exactly); PostgreSQL unnests one typed array per column.
 */
export function rowSource(
  dialect: Dialect,
  columns: Array<'bigint' | 'float8'>,
  rows: number[][],
): RawBuilder<unknown> {
  if (dialect === 'sqlite') {
    const picks = columns.map((_, i) => sql.raw(`value ->> ${i}`));
    return sql`select ${sql.join(picks)} from json_each(${JSON.stringify(rows)}) where true`;
  }
  const arrays = columns.map((type, i) => sql`${rows.map((r) => r[i])}::${sql.raw(type)}[]`);
  return sql`select * from unnest(${sql.join(arrays)})`;
}
