import { sql, type Kysely, type Migration } from 'kysely';
import type { Database } from '../database';
import { DAY_MS, DEFAULT_PARTITION, ensureDayPartitions, PARTITION_DAYS_AHEAD } from '../reading-partitions';

/** How far back the migration gives old readings day partitions; older ones go to the default. */
const MIGRATED_DAYS_BACK = 400;

/**
 * PostgreSQL: raw readings move into a table partitioned by UTC day (see reading-partitions.ts),
 * with the same columns and primary key. SQLite: nothing changes.
 */
export const migration018 = ({ dialect }: Database): Migration => ({
  async up(db: Kysely<unknown>) {
    if (dialect !== 'postgres') return;
    await sql`alter table readings rename to readings_unpartitioned`.execute(db);
    await sql`alter table readings_unpartitioned rename constraint readings_pk to readings_unpartitioned_pk`.execute(
      db,
    );
    await sql`
      create table readings (
        series_id bigint not null,
        ts bigint not null,
        value double precision not null,
        constraint readings_pk primary key (series_id, ts)
      ) partition by range (ts)
    `.execute(db);
    await sql`create table ${sql.table(DEFAULT_PARTITION)} partition of readings default`.execute(db);

    const now = Date.now();
    const span = await sql<{ oldest: string | null; newest: string | null }>`
      select min(ts) as oldest, max(ts) as newest from readings_unpartitioned
    `.execute(db);
    const oldest = Number(span.rows[0]?.oldest ?? now);
    const newest = Number(span.rows[0]?.newest ?? now);
    await ensureDayPartitions(
      db,
      Math.max(Math.min(oldest, now), now - MIGRATED_DAYS_BACK * DAY_MS),
      Math.min(Math.max(newest, now + PARTITION_DAYS_AHEAD * DAY_MS), now + MIGRATED_DAYS_BACK * DAY_MS),
    );
    await sql`insert into readings (series_id, ts, value) select series_id, ts, value from readings_unpartitioned`.execute(
      db,
    );
    await sql`drop table readings_unpartitioned`.execute(db);
  },
  async down(db: Kysely<unknown>) {
    if (dialect !== 'postgres') return;
    await sql`create table readings_unpartitioned (like readings including defaults including constraints)`.execute(
      db,
    );
    await sql`insert into readings_unpartitioned select * from readings`.execute(db);
    await sql`drop table readings`.execute(db);
    await sql`alter table readings_unpartitioned rename to readings`.execute(db);
    await sql`alter table readings add constraint readings_pk primary key (series_id, ts)`.execute(db);
  },
});
