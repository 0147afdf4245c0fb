import { Migrator, sql, type Migration, type MigrationProvider } from 'kysely';
import type { Database } from './database';
import { migration001 } from './migrations/001-security';
import { migration002 } from './migrations/002-twin';

/** Numbered, append-only; each migration gets the dialect so it can pick column types. */
const migrations: Record<string, (d: Database) => Migration> = {
  '001-security': migration001,
  '002-twin': migration002,
};

export async function migrateToLatest(database: Database): Promise<string[]> {
  const provider: MigrationProvider = {
    getMigrations: async () =>
      Object.fromEntries(Object.entries(migrations).map(([name, make]) => [name, make(database)])),
  };
  // Kysely looks for its bookkeeping tables across every schema it can see; naming ours keeps
  // databases that share a PostgreSQL server in other schemas (tests, tenants) apart.
  const schema =
    database.dialect === 'postgres'
      ? (await sql<{ schema: string }>`select current_schema() as schema`.execute(database.db)).rows[0]
          ?.schema
      : undefined;
  const migrator = new Migrator({
    db: database.db,
    provider,
    ...(schema ? { migrationTableSchema: schema } : {}),
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
