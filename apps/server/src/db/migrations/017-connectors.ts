import type { Kysely, Migration } from 'kysely';
import type { Database } from '../database';

/**
 * Connectors the server runs itself (Modbus TCP, Sparkplug B, OPC UA): their config (secrets
 * apart, encrypted) and mappings as JSON.
 */
export const migration017 = (_database: Database): Migration => ({
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('connectors')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('enabled', 'integer', (c) => c.notNull())
      .addColumn('config', 'text', (c) => c.notNull())
      .addColumn('secret_enc', 'text')
      .addColumn('mappings', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('connectors').execute();
  },
});
