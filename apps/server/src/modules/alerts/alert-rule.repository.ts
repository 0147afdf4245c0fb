import type { Insertable, Kysely, Selectable, Updateable } from 'kysely';
import type { Tables } from '../../db/tables';

export type AlertRuleRow = Selectable<Tables['alert_rules']>;
export type NewAlertRuleRow = Insertable<Tables['alert_rules']>;

export function createAlertRuleRepository(db: Kysely<Tables>) {
  return {
    list(): Promise<AlertRuleRow[]> {
      return db.selectFrom('alert_rules').selectAll().orderBy('id').execute();
    },

    get(id: number): Promise<AlertRuleRow | undefined> {
      return db.selectFrom('alert_rules').selectAll().where('id', '=', id).executeTakeFirst();
    },

    async insert(row: NewAlertRuleRow): Promise<number> {
      const { id } = await db.insertInto('alert_rules').values(row).returning('id').executeTakeFirstOrThrow();
      return Number(id);
    },

    async update(id: number, patch: Updateable<Tables['alert_rules']>): Promise<boolean> {
      const result = await db.updateTable('alert_rules').set(patch).where('id', '=', id).executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    async delete(id: number): Promise<boolean> {
      const result = await db.deleteFrom('alert_rules').where('id', '=', id).executeTakeFirst();
      return Number(result.numDeletedRows) === 1;
    },

    /** Rules whose shelving ran out by `now`; their shelve fields are emptied. */
    async expireShelves(now: number): Promise<number[]> {
      const rows = await db
        .selectFrom('alert_rules')
        .select('id')
        .where('shelved_until', 'is not', null)
        .where('shelved_until', '<=', now)
        .execute();
      if (rows.length === 0) return [];
      const ids = rows.map((r) => Number(r.id));
      await db
        .updateTable('alert_rules')
        .set({ shelved_until: null, shelved_by: null, shelve_reason: null, updated_at: now })
        .where('id', 'in', ids)
        .execute();
      return ids;
    },

    /**
     * Installs each built-in rule the first time its key is seen, in one transaction per rule:
     * a rule an admin deleted later is not brought back, and two processes starting at once
     * install it once.
     */
    async installDefaults(
      defaults: Array<{ key: string; row: NewAlertRuleRow }>,
      now: number,
    ): Promise<number> {
      let installed = 0;
      for (const { key, row } of defaults) {
        await db.transaction().execute(async (trx) => {
          const marked = await trx
            .insertInto('alert_defaults')
            .values({ key, installed_at: now })
            .onConflict((oc) => oc.column('key').doNothing())
            .returning('key')
            .executeTakeFirst();
          if (!marked) return;
          await trx.insertInto('alert_rules').values(row).execute();
          installed += 1;
        });
      }
      return installed;
    },
  };
}

export type AlertRuleRepository = ReturnType<typeof createAlertRuleRepository>;
