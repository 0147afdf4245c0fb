import { sql } from 'kysely';
import type { Database } from '../../db/database';

/** Probes and upkeep that ask the database itself rather than a table. */
export function createSystemRepository({ db, dialect }: Pick<Database, 'db' | 'dialect'>) {
  return {
    async ping(): Promise<void> {
      await sql`select 1`.execute(db);
    },

    /** The database's size on disk; cheap on both engines (page count, catalogue function). */
    async sizeBytes(): Promise<number | null> {
      if (dialect === 'sqlite') {
        const count = await sql<{ page_count: number }>`pragma page_count`.execute(db);
        const size = await sql<{ page_size: number }>`pragma page_size`.execute(db);
        const pages = count.rows[0]?.page_count;
        const bytes = size.rows[0]?.page_size;
        return pages === undefined || bytes === undefined ? null : Number(pages) * Number(bytes);
      }
      const { rows } = await sql<{
        size: number;
      }>`select pg_database_size(current_database()) as size`.execute(db);
      return rows[0] ? Number(rows[0].size) : null;
    },
  };
}

export type SystemRepository = ReturnType<typeof createSystemRepository>;
