import { Migrator, type Migration, type MigrationProvider } from 'kysely';
import type { Database } from './database';
import { migration001 } from './migrations/001-security';

/** Numbered, append-only; each migration gets the dialect so it can pick column types. */
const migrations: Record<string, (d: Database) => Migration> = {
  '001-security': migration001,
};

export async function migrateToLatest(database: Database): Promise<string[]> {
  const provider: MigrationProvider = {
    getMigrations: async () =>
      Object.fromEntries(Object.entries(migrations).map(([name, make]) => [name, make(database)])),
  };
  const migrator = new Migrator({ db: database.db, provider });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
