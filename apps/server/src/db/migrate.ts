import { Migrator, sql, type Migration, type MigrationProvider } from 'kysely';
import type { Database } from './database';
import { migration001 } from './migrations/001-security';
import { migration002 } from './migrations/002-twin';

/** Numbered, append-only; each migration gets the dialect so it can pick column types. */
const migrations: Record<string, (d: Database) => Migration> = {
  '001-security': migration001,
  '002-twin': migration002,
};

/** PostgreSQL's "schema does not exist" (3F000). */
const isSchemaGone = (err: unknown) => (err as { code?: string } | undefined)?.code === '3F000';

export async function migrateToLatest(database: Database): Promise<string[]> {
  // Kysely's table look-up reads the catalogue of every schema; one dropped by another client at
  // that moment fails the look-up though ours is fine, so that case is simply tried again.
  for (let attempt = 1; ; attempt++) {
    const applied = await migrateOnce(database).catch((err: unknown) => {
      if (isSchemaGone(err) && attempt < 5) return undefined;
      throw err;
    });
    if (applied) return applied;
  }
}

async function migrateOnce(database: Database): Promise<string[]> {
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
