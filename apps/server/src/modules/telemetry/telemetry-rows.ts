import { sql, type RawBuilder } from 'kysely';
import type { Dialect } from '../../db/database';

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

/** A bucket's aggregate holding one reading. */
export const startRollup = (seriesId: number, bucket: number, value: number, ts: number): Rollup => ({
  seriesId,
  bucket,
  min: value,
  max: value,
  sum: value,
  count: 1,
  last: value,
  lastTs: ts,
});

/** Folds one more reading into a bucket's aggregate; `last` follows the newest timestamp. */
export function foldReading(r: Rollup, value: number, ts: number): void {
  if (value < r.min) r.min = value;
  if (value > r.max) r.max = value;
  r.sum += value;
  r.count += 1;
  if (ts >= r.lastTs) {
    r.last = value;
    r.lastTs = ts;
  }
}

/** Merges `from`, an aggregate of other readings of the same bucket, into `into`. */
export function mergeRollup(into: Rollup, from: Omit<Rollup, 'seriesId' | 'bucket'>): void {
  if (from.min < into.min) into.min = from.min;
  if (from.max > into.max) into.max = from.max;
  into.sum += from.sum;
  into.count += from.count;
  if (from.lastTs >= into.lastTs) {
    into.last = from.last;
    into.lastTs = from.lastTs;
  }
}

/**
 * Dialect-specific row sources: a whole chunk of rows is one parameter, so the statement text
 * (and so its parse/plan) is the same for every batch. SQLite reads a JSON array of arrays with
 * json_each (doubles round-trip exactly); PostgreSQL unnests one typed array per column.
 */
export function rowSource(
  dialect: Dialect,
  columns: Array<[name: string, type: 'bigint' | 'float8']>,
  rows: number[][],
): RawBuilder<unknown> {
  if (dialect === 'sqlite') {
    const picks = columns.map(([name], i) => sql`value ->> ${sql.raw(String(i))} as ${sql.ref(name)}`);
    return sql`select ${sql.join(picks)} from json_each(${JSON.stringify(rows)}) where true`;
  }
  const arrays = columns.map(([, type], i) => sql`${rows.map((r) => r[i])}::${sql.raw(type)}[]`);
  const names = columns.map(([name]) => sql.ref(name));
  return sql`select * from unnest(${sql.join(arrays)}) as source (${sql.join(names)})`;
}
