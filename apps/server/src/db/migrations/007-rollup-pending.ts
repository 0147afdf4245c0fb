import type { Kysely, Migration } from 'kysely';
import type { Database } from '../database';

/**
 * Minutes whose rollups are held in memory, not yet written (see rollup-buffer.ts): after a crash
 * their rollups are rebuilt from the raw readings.
 */
export const migration007 = (_database: Database): Migration => ({
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('rollup_pending')
      .addColumn('bucket', 'bigint', (c) => c.primaryKey())
      .execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('rollup_pending').execute();
  },
});
