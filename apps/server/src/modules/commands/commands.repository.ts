import type { Insertable, Kysely, Selectable } from 'kysely';
import type { Tables } from '../../db/tables';

export type CommandRow = Selectable<Tables['device_commands']>;
export type NewCommandRow = Insertable<Tables['device_commands']>;

const OPEN = ['pending', 'delivered'];

export function createCommandsRepository(db: Kysely<Tables>) {
  return {
    async insert(row: NewCommandRow): Promise<CommandRow> {
      return db.insertInto('device_commands').values(row).returningAll().executeTakeFirstOrThrow();
    },

    get(id: string): Promise<CommandRow | undefined> {
      return db.selectFrom('device_commands').selectAll().where('id', '=', id).executeTakeFirst();
    },

    /** Newest first. */
    list(deviceId: string, filter: { status?: string; limit: number }): Promise<CommandRow[]> {
      let q = db.selectFrom('device_commands').selectAll().where('device_id', '=', deviceId);
      if (filter.status) q = q.where('status', '=', filter.status);
      return q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(filter.limit).execute();
    },

    async countOpen(deviceId: string): Promise<number> {
      const row = await db
        .selectFrom('device_commands')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('device_id', '=', deviceId)
        .where('status', 'in', OPEN)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },

    /** A device's commands not yet finished, oldest first (what it is sent when it connects or polls). */
    open(deviceId: string, limit: number): Promise<CommandRow[]> {
      return db
        .selectFrom('device_commands')
        .selectAll()
        .where('device_id', '=', deviceId)
        .where('status', 'in', OPEN)
        .orderBy('created_at', 'asc')
        .orderBy('id', 'asc')
        .limit(limit)
        .execute();
    },

    /** Pending commands of any device, oldest first (for a process that may deliver some of them). */
    pending(limit: number): Promise<CommandRow[]> {
      return db
        .selectFrom('device_commands')
        .selectAll()
        .where('status', '=', 'pending')
        .orderBy('created_at', 'asc')
        .limit(limit)
        .execute();
    },

    /** pending → delivered; false when the command was no longer pending (another path won). */
    async markDelivered(id: string, at: number, deadline: number): Promise<boolean> {
      const result = await db
        .updateTable('device_commands')
        .set({ status: 'delivered', delivered_at: at, deadline_at: deadline })
        .where('id', '=', id)
        .where('status', '=', 'pending')
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },

    /** pending or delivered → finished; false when it had finished already. */
    async finish(
      id: string,
      change: { status: string; completed_at: number; result: string | null; message: string | null },
      deliveredAt?: number,
    ): Promise<boolean> {
      let q = db.updateTable('device_commands').set(change);
      if (deliveredAt !== undefined)
        q = q.set((eb) => ({ delivered_at: eb.fn.coalesce('delivered_at', eb.val(deliveredAt)) }));
      const result = await q.where('id', '=', id).where('status', 'in', OPEN).executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },

    /** Deletes finished commands completed before `before`; returns how many. */
    async deleteFinishedBefore(before: number): Promise<number> {
      const result = await db
        .deleteFrom('device_commands')
        .where('status', 'not in', OPEN)
        .where('completed_at', '<', before)
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },

    /** Pending commands past their expiry and delivered ones past their deadline. */
    overdue(now: number, limit: number): Promise<CommandRow[]> {
      return db
        .selectFrom('device_commands')
        .selectAll()
        .where((eb) =>
          eb.or([
            eb.and([eb('status', '=', 'pending'), eb('expires_at', '<=', now)]),
            eb.and([eb('status', '=', 'delivered'), eb('deadline_at', '<=', now)]),
          ]),
        )
        .orderBy('created_at', 'asc')
        .limit(limit)
        .execute();
    },
  };
}

export type CommandsRepository = ReturnType<typeof createCommandsRepository>;
