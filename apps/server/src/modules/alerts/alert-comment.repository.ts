import type { Kysely, Selectable } from 'kysely';
import type { Tables } from '../../db/tables';

export type AlertCommentRow = Selectable<Tables['alert_comments']>;

export function createAlertCommentRepository(db: Kysely<Tables>) {
  return {
    async insert(row: {
      alert_id: number;
      author: string;
      body: string;
      created_at: number;
    }): Promise<number> {
      const inserted = await db
        .insertInto('alert_comments')
        .values(row)
        .returning('id')
        .executeTakeFirstOrThrow();
      return Number(inserted.id);
    },

    list(alertId: number, limit: number): Promise<AlertCommentRow[]> {
      return db
        .selectFrom('alert_comments')
        .selectAll()
        .where('alert_id', '=', alertId)
        .orderBy('created_at')
        .orderBy('id')
        .limit(limit)
        .execute();
    },

    async count(alertId: number): Promise<number> {
      const row = await db
        .selectFrom('alert_comments')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('alert_id', '=', alertId)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
  };
}

export type AlertCommentRepository = ReturnType<typeof createAlertCommentRepository>;
