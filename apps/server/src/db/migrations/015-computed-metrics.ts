import { sql, type Kysely, type Migration } from 'kysely';
import type { Database } from '../database';
import { withIdColumn } from './schema-helpers';

/**
 * Computed metrics of assets (an expression over the subtree), their values as a series, and
 * alert rules that watch one asset's computed metric (`alert_rules.scope_asset_id`).
 */
export const migration015 = (database: Database): Migration => ({
  async up(db: Kysely<unknown>) {
    await withIdColumn(db.schema.createTable('computed_metrics'), database.dialect)
      .addColumn('asset_id', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('unit', 'text', (c) => c.notNull())
      .addColumn('expression', 'text', (c) => c.notNull())
      .addColumn('created_by', 'text')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addUniqueConstraint('computed_metrics_asset_name', ['asset_id', 'name'])
      .execute();

    // Like `readings`: the primary key (metric, ts) is the index every chart reads.
    let readings = db.schema
      .createTable('computed_readings')
      .addColumn('metric_id', 'bigint', (c) => c.notNull())
      .addColumn('ts', 'bigint', (c) => c.notNull())
      .addColumn('value', 'double precision', (c) => c.notNull())
      .addPrimaryKeyConstraint('computed_readings_pk', ['metric_id', 'ts']);
    if (database.dialect === 'sqlite') readings = readings.modifyEnd(sql`without rowid`);
    await readings.execute();

    await db.schema.alterTable('alert_rules').addColumn('scope_asset_id', 'text').execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.alterTable('alert_rules').dropColumn('scope_asset_id').execute();
    await db.schema.dropTable('computed_readings').execute();
    await db.schema.dropTable('computed_metrics').execute();
  },
});
