import { sql, type Kysely } from 'kysely';

/**
 * PostgreSQL keeps raw readings in one partition per UTC day (`readings_d20261207`), plus a
 * default partition for readings of a day that has none (late imports, a clock far off). Retention
 * then drops whole days instead of deleting rows, and a day's index stays small enough to stay in
 * memory while it is written. SQLite has no partitions; nothing here applies to it.
 */

export const DAY_MS = 86_400_000;

/** Days of partitions made ahead of now; the hourly retention job keeps this lead. */
export const PARTITION_DAYS_AHEAD = 2;

/** Partitions at most created in one call (the newest days): a bound on a clock gone wild or a huge old import. */
const MAX_NEW_PARTITIONS = 400;

/** One key for the advisory lock that serialises partition changes between server processes. */
const LOCK_KEY = 0x7265_6164; // "read"

export const DEFAULT_PARTITION = 'readings_default';

/** Runs `fn` in a transaction of its own, or in the caller's (a migration runs in one). */
const inTransaction = <DB, T>(db: Kysely<DB>, fn: (trx: Kysely<DB>) => Promise<T>) =>
  db.isTransaction ? fn(db) : db.transaction().execute(fn);

export const dayStart = (ts: number) => Math.floor(ts / DAY_MS) * DAY_MS;

/** `readings_dYYYYMMDD` for the UTC day starting at `day`. */
export const partitionName = (day: number) =>
  `readings_d${new Date(day).toISOString().slice(0, 10).replaceAll('-', '')}`;

/** The day a partition name stands for, or undefined for the default and anything else. */
export function partitionDay(name: string): number | undefined {
  const m = /^readings_d(\d{4})(\d{2})(\d{2})$/.exec(name);
  return m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : undefined;
}

/** The day partitions of `readings` that exist, by start of day, oldest first. */
export async function listDayPartitions<DB>(db: Kysely<DB>): Promise<number[]> {
  const { rows } = await sql<{ name: string }>`
    select c.relname as name from pg_inherits i
    join pg_class c on c.oid = i.inhrelid
    where i.inhparent = 'readings'::regclass
  `.execute(db);
  return rows
    .map((r) => partitionDay(r.name))
    .filter((d): d is number => d !== undefined)
    .sort((a, b) => a - b);
}

/**
 * Makes sure a partition exists for every UTC day touching [from, to]. Readings of such a day
 * that went to the default partition meanwhile are moved into the new one in the same
 * transaction, so nothing is lost or counted twice. Safe to call from several processes at once.
 */
export async function ensureDayPartitions<DB>(db: Kysely<DB>, from: number, to: number): Promise<number> {
  // Newest first, so the days being written are made even when the cap cuts the oldest off.
  const wanted: number[] = [];
  for (let day = dayStart(to); day >= dayStart(from) && wanted.length < MAX_NEW_PARTITIONS; day -= DAY_MS) {
    wanted.push(day);
  }
  const existing = new Set(await listDayPartitions(db));
  const missing = wanted.filter((d) => !existing.has(d));
  if (missing.length === 0) return 0;

  return inTransaction(db, async (trx) => {
    await sql`select pg_advisory_xact_lock(${LOCK_KEY})`.execute(trx);
    const present = new Set(await listDayPartitions(trx));
    let created = 0;
    for (const day of missing.filter((d) => !present.has(d))) {
      await createDayPartition(trx, day);
      created += 1;
    }
    return created;
  });
}

async function createDayPartition<DB>(trx: Kysely<DB>, day: number): Promise<void> {
  const name = sql.table(partitionName(day));
  const end = day + DAY_MS;
  const strays = await sql`
    select 1 from ${sql.table(DEFAULT_PARTITION)} where ts >= ${day} and ts < ${end} limit 1
  `.execute(trx);
  if (strays.rows.length === 0) {
    await sql`create table ${name} partition of readings for values from (${sql.lit(day)}) to (${sql.lit(end)})`.execute(
      trx,
    );
    return;
  }
  // The default partition holds readings of this day: attaching a partition for it would fail,
  // so they move into a table of their own first, which is then attached.
  await sql`create table ${name} (like readings including defaults including constraints)`.execute(trx);
  await sql`
    with moved as (
      delete from ${sql.table(DEFAULT_PARTITION)} where ts >= ${day} and ts < ${end}
      returning series_id, ts, value
    )
    insert into ${name} (series_id, ts, value) select series_id, ts, value from moved
  `.execute(trx);
  await sql`alter table readings attach partition ${name} for values from (${sql.lit(day)}) to (${sql.lit(end)})`.execute(
    trx,
  );
}

/**
 * Drops the day partitions that end at or before `cutoff` (all their readings are past
 * retention). Returns how many were dropped; the rows of the default partition and of the day
 * the cutoff falls in are left to the row-by-row sweep.
 */
export async function dropDayPartitionsBefore<DB>(db: Kysely<DB>, cutoff: number): Promise<number> {
  const old = (await listDayPartitions(db)).filter((day) => day + DAY_MS <= cutoff);
  for (const day of old) {
    await inTransaction(db, async (trx) => {
      await sql`select pg_advisory_xact_lock(${LOCK_KEY})`.execute(trx);
      await sql`drop table if exists ${sql.table(partitionName(day))}`.execute(trx);
    });
  }
  return old.length;
}
