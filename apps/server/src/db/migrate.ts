import { Migrator, sql, type Migration, type MigrationProvider } from 'kysely';
import type { Database } from './database';
import { migration001 } from './migrations/001-security';
import { migration002 } from './migrations/002-twin';
import { migration003 } from './migrations/003-alerts';
import { migration004 } from './migrations/004-analytics';
import { migration005 } from './migrations/005-jobs';
import { migration006 } from './migrations/006-anomaly-baselines';
import { migration007 } from './migrations/007-rollup-pending';
import { migration008 } from './migrations/008-unique-accounts';
import { migration011 } from './migrations/011-device-events';
import { migration012 } from './migrations/012-dashboards';
import { migration013 } from './migrations/013-schedules-comments';
import { migration014 } from './migrations/014-assets';
import { migration015 } from './migrations/015-computed-metrics';
import { migration016 } from './migrations/016-commands';
import { migration017 } from './migrations/017-connectors';
import { migration018 } from './migrations/018-reading-partitions';
import { migration019 } from './migrations/019-device-computed-metrics';
import { migration020 } from './migrations/020-asset-report-schedules';

/** Numbered, append-only; each migration gets the dialect so it can pick column types. */
const migrations: Record<string, (d: Database) => Migration> = {
  '001-security': migration001,
  '002-twin': migration002,
  '003-alerts': migration003,
  '004-analytics': migration004,
  '005-jobs': migration005,
  '006-anomaly-baselines': migration006,
  '007-rollup-pending': migration007,
  '008-unique-accounts': migration008,
  '011-device-events': migration011,
  '012-dashboards': migration012,
  '013-schedules-comments': migration013,
  '014-assets': migration014,
  '015-computed-metrics': migration015,
  '016-commands': migration016,
  '017-connectors': migration017,
  '018-reading-partitions': migration018,
  '019-device-computed-metrics': migration019,
  '020-asset-report-schedules': migration020,
};

async function createMigrator(database: Database): Promise<Migrator> {
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
  return new Migrator({ db: database.db, provider, ...(schema ? { migrationTableSchema: schema } : {}) });
}

/** PostgreSQL's "schema does not exist" (3F000). */
const isSchemaGone = (err: unknown) => (err as { code?: string } | undefined)?.code === '3F000';

export async function migrateToLatest(database: Database): Promise<string[]> {
  // Kysely's table look-up reads the catalogue of every schema; one dropped by another client at
  // that moment fails the look-up though ours is fine, so that case is simply tried again.
  for (let attempt = 1; ; attempt++) {
    const migrator = await createMigrator(database);
    const { error, results } = await migrator.migrateToLatest();
    if (error && isSchemaGone(error) && attempt < 5) continue;
    if (error) throw error instanceof Error ? error : new Error(String(error));
    return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
  }
}

/** Applies the migrations up to and including `name` (tests of a migration on older data). */
export async function migrateUpTo(database: Database, name: string): Promise<void> {
  const { error } = await (await createMigrator(database)).migrateTo(name);
  if (error) throw error instanceof Error ? error : new Error(String(error));
}

/** Which migrations ran and which are pending (read-only: nothing is created or applied). */
export async function migrationStatus(database: Database): Promise<{ applied: string[]; pending: string[] }> {
  const migrator = await createMigrator(database);
  const all = await migrator.getMigrations();
  return {
    applied: all.filter((m) => m.executedAt !== undefined).map((m) => m.name),
    pending: all.filter((m) => m.executedAt === undefined).map((m) => m.name),
  };
}
