import type { Insertable, Kysely, Selectable, Updateable } from 'kysely';
import type { Tables } from '../../db/tables';

export type ReportScheduleRow = Selectable<Tables['report_schedules']>;
export type ReportRunRow = Selectable<Tables['report_runs']>;

export function createReportScheduleRepository(db: Kysely<Tables>) {
  return {
    async insert(row: Insertable<Tables['report_schedules']>): Promise<number> {
      const { id } = await db
        .insertInto('report_schedules')
        .values(row)
        .returning('id')
        .executeTakeFirstOrThrow();
      return Number(id);
    },

    get(id: number): Promise<ReportScheduleRow | undefined> {
      return db.selectFrom('report_schedules').selectAll().where('id', '=', id).executeTakeFirst();
    },

    list(limit: number): Promise<ReportScheduleRow[]> {
      return db
        .selectFrom('report_schedules')
        .selectAll()
        .orderBy('name')
        .orderBy('id')
        .limit(limit)
        .execute();
    },

    async count(): Promise<number> {
      const row = await db
        .selectFrom('report_schedules')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },

    /** The names of the schedules narrowed to this asset (what deleting it would change). */
    async namesForAsset(assetId: string): Promise<string[]> {
      const rows = await db
        .selectFrom('report_schedules')
        .select('name')
        .where('asset_id', '=', assetId)
        .orderBy('name')
        .execute();
      return rows.map((r) => r.name);
    },

    async update(id: number, patch: Updateable<Tables['report_schedules']>): Promise<void> {
      await db.updateTable('report_schedules').set(patch).where('id', '=', id).execute();
    },

    async remove(id: number): Promise<boolean> {
      await db.deleteFrom('report_runs').where('schedule_id', '=', id).execute();
      const result = await db.deleteFrom('report_schedules').where('id', '=', id).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },

    due(now: number, limit: number): Promise<ReportScheduleRow[]> {
      return db
        .selectFrom('report_schedules')
        .selectAll()
        .where('enabled', '=', 1)
        .where('next_run_at', '<=', now)
        .orderBy('next_run_at')
        .limit(limit)
        .execute();
    },

    /** Moves a due schedule to its next time; false when another worker did first. */
    async claim(id: number, expectedNext: number, next: number): Promise<boolean> {
      const result = await db
        .updateTable('report_schedules')
        .set({ next_run_at: next })
        .where('id', '=', id)
        .where('next_run_at', '=', expectedNext)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    async insertRun(row: Insertable<Tables['report_runs']>): Promise<number> {
      const { id } = await db.insertInto('report_runs').values(row).returning('id').executeTakeFirstOrThrow();
      return Number(id);
    },

    getRun(id: number): Promise<ReportRunRow | undefined> {
      return db.selectFrom('report_runs').selectAll().where('id', '=', id).executeTakeFirst();
    },

    async updateRun(id: number, patch: Updateable<Tables['report_runs']>): Promise<void> {
      await db.updateTable('report_runs').set(patch).where('id', '=', id).execute();
    },

    runs(scheduleId: number, limit: number): Promise<ReportRunRow[]> {
      return db
        .selectFrom('report_runs')
        .selectAll()
        .where('schedule_id', '=', scheduleId)
        .orderBy('started_at', 'desc')
        .orderBy('id', 'desc')
        .limit(limit)
        .execute();
    },

    /** Keeps the newest `keep` runs of a schedule. */
    async pruneRuns(scheduleId: number, keep: number): Promise<void> {
      const old = await db
        .selectFrom('report_runs')
        .select('id')
        .where('schedule_id', '=', scheduleId)
        .orderBy('started_at', 'desc')
        .orderBy('id', 'desc')
        .offset(keep)
        .limit(1000)
        .execute();
      if (old.length > 0)
        await db
          .deleteFrom('report_runs')
          .where(
            'id',
            'in',
            old.map((r) => r.id),
          )
          .execute();
    },
  };
}

export type ReportScheduleRepository = ReturnType<typeof createReportScheduleRepository>;
