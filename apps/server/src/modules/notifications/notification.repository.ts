import type { NotificationListQuery } from '@dtwin/contracts/notifications';
import type { Insertable, Kysely, Selectable, SelectQueryBuilder } from 'kysely';
import type { Tables } from '../../db/tables';

export type NotificationRow = Selectable<Tables['notifications']>;

function filtered<O>(
  query: SelectQueryBuilder<Tables, 'notifications', O>,
  f: Omit<NotificationListQuery, 'limit' | 'offset'>,
) {
  let q = query;
  if (f.alert_id !== undefined) q = q.where('alert_id', '=', f.alert_id);
  if (f.channel_id !== undefined) q = q.where('channel_id', '=', f.channel_id);
  if (f.status) q = q.where('status', '=', f.status);
  if (f.kind) q = q.where('kind', '=', f.kind);
  return q;
}

/** One row per delivery attempt; `pending` rows are the queue, so a restart loses none. */
export function createNotificationRepository(db: Kysely<Tables>) {
  return {
    async insert(row: Insertable<Tables['notifications']>): Promise<number> {
      const { id } = await db
        .insertInto('notifications')
        .values(row)
        .returning('id')
        .executeTakeFirstOrThrow();
      return Number(id);
    },

    get(id: number): Promise<NotificationRow | undefined> {
      return db.selectFrom('notifications').selectAll().where('id', '=', id).executeTakeFirst();
    },

    /** Attempts due by `now`, and alert attempts left `sending` before `staleBefore` (a crash mid-send). */
    due(now: number, staleBefore: number, limit: number): Promise<NotificationRow[]> {
      return db
        .selectFrom('notifications')
        .selectAll()
        .where((eb) =>
          eb.or([
            eb.and([eb('status', '=', 'pending'), eb('scheduled_at', '<=', now)]),
            eb.and([
              eb('status', '=', 'sending'),
              eb('attempted_at', '<', staleBefore),
              eb('kind', '!=', 'test'),
            ]),
          ]),
        )
        .orderBy('scheduled_at')
        .orderBy('id')
        .limit(limit)
        .execute();
    },

    /** Takes an attempt for this process; false when another took it first. */
    async claim(row: NotificationRow, now: number): Promise<boolean> {
      let q = db
        .updateTable('notifications')
        .set({ status: 'sending', attempted_at: now })
        .where('id', '=', row.id)
        .where('status', '=', row.status);
      q =
        row.attempted_at === null
          ? q.where('attempted_at', 'is', null)
          : q.where('attempted_at', '=', row.attempted_at);
      const result = await q.executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    async finish(id: number, status: 'sent' | 'failed', error: string | null): Promise<void> {
      await db.updateTable('notifications').set({ status, error }).where('id', '=', id).execute();
    },

    async list(query: NotificationListQuery): Promise<{ items: NotificationRow[]; total: number }> {
      const { limit, offset, ...f } = query;
      const [items, count] = await Promise.all([
        filtered(db.selectFrom('notifications').selectAll(), f)
          .orderBy('id', 'desc')
          .limit(limit)
          .offset(offset)
          .execute(),
        filtered(
          db.selectFrom('notifications').select((eb) => eb.fn.countAll<number>().as('n')),
          f,
        ).executeTakeFirstOrThrow(),
      ]);
      return { items, total: Number(count.n) };
    },
  };
}

export type NotificationRepository = ReturnType<typeof createNotificationRepository>;
