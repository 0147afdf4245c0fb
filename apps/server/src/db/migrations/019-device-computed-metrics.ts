import { sql, type Kysely, type Migration } from 'kysely';
import type { Database } from '../database';

/**
 * Computed metrics of devices (an expression over the device's own metrics): a definition
 * belongs to an asset or to a device, never both. Their values stay in `computed_readings`.
 * SQLite cannot relax a NOT NULL column, so there the table is rebuilt with its rows and ids
 * (the series refer to them); PostgreSQL alters it in place.
 */
export const migration019 = (database: Database): Migration => ({
  async up(db: Kysely<unknown>) {
    if (database.dialect === 'postgres') {
      await sql`alter table computed_metrics alter column asset_id drop not null`.execute(db);
      await sql`alter table computed_metrics add column device_id text`.execute(db);
      await sql`alter table computed_metrics add constraint computed_metrics_device_name unique (device_id, name)`.execute(
        db,
      );
      await sql`alter table computed_metrics add constraint computed_metrics_one_subject
                check ((asset_id is null) <> (device_id is null))`.execute(db);
      return;
    }
    await sql`create table computed_metrics_019 (
      id integer primary key autoincrement,
      asset_id text,
      device_id text,
      name text not null,
      unit text not null,
      expression text not null,
      created_by text,
      created_at bigint not null,
      constraint computed_metrics_asset_name unique (asset_id, name),
      constraint computed_metrics_device_name unique (device_id, name),
      constraint computed_metrics_one_subject check ((asset_id is null) <> (device_id is null))
    )`.execute(db);
    await sql`insert into computed_metrics_019
                (id, asset_id, device_id, name, unit, expression, created_by, created_at)
              select id, asset_id, null, name, unit, expression, created_by, created_at
              from computed_metrics`.execute(db);
    await sql`drop table computed_metrics`.execute(db);
    await sql`alter table computed_metrics_019 rename to computed_metrics`.execute(db);
  },
  async down(db: Kysely<unknown>) {
    // Devices' metrics cannot live in the older table: they go, with their series.
    await sql`delete from computed_readings
              where metric_id in (select id from computed_metrics where device_id is not null)`.execute(db);
    await sql`delete from computed_metrics where device_id is not null`.execute(db);
    if (database.dialect === 'postgres') {
      await sql`alter table computed_metrics drop constraint computed_metrics_one_subject`.execute(db);
      await sql`alter table computed_metrics drop constraint computed_metrics_device_name`.execute(db);
      await sql`alter table computed_metrics drop column device_id`.execute(db);
      await sql`alter table computed_metrics alter column asset_id set not null`.execute(db);
      return;
    }
    await sql`create table computed_metrics_015 (
      id integer primary key autoincrement,
      asset_id text not null,
      name text not null,
      unit text not null,
      expression text not null,
      created_by text,
      created_at bigint not null,
      constraint computed_metrics_asset_name unique (asset_id, name)
    )`.execute(db);
    await sql`insert into computed_metrics_015 (id, asset_id, name, unit, expression, created_by, created_at)
              select id, asset_id, name, unit, expression, created_by, created_at
              from computed_metrics`.execute(db);
    await sql`drop table computed_metrics`.execute(db);
    await sql`alter table computed_metrics_015 rename to computed_metrics`.execute(db);
  },
});
