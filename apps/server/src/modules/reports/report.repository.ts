import type { Insertable, Kysely, Selectable } from 'kysely';
import type { Tables } from '../../db/tables';

export type ReportRow = Omit<Selectable<Tables['reports']>, 'content'>;

const columns = [
  'id',
  'job_id',
  'device_id',
  'asset_id',
  'period_from',
  'period_to',
  'format',
  'file_name',
  'content_type',
  'size',
  'created_by',
  'created_at',
] as const;

export function createReportRepository(db: Kysely<Tables>) {
  return {
    async insert(row: Insertable<Tables['reports']>): Promise<void> {
      await db.insertInto('reports').values(row).execute();
    },

    get(id: string): Promise<ReportRow | undefined> {
      return db.selectFrom('reports').select(columns).where('id', '=', id).executeTakeFirst();
    },

    /** The file itself, read only for a download. */
    async content(
      id: string,
    ): Promise<{ file_name: string; content_type: string; content: Buffer } | undefined> {
      const row = await db
        .selectFrom('reports')
        .select(['file_name', 'content_type', 'content'])
        .where('id', '=', id)
        .executeTakeFirst();
      return row ? { ...row, content: Buffer.from(row.content) } : undefined;
    },

    list(limit: number): Promise<ReportRow[]> {
      return db
        .selectFrom('reports')
        .select(columns)
        .orderBy('created_at', 'desc')
        .orderBy('id')
        .limit(limit)
        .execute();
    },

    async deleteCreatedBefore(cutoff: number): Promise<number> {
      const result = await db.deleteFrom('reports').where('created_at', '<', cutoff).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}

export type ReportRepository = ReturnType<typeof createReportRepository>;
