import type { Kysely, Transaction } from 'kysely';
import { encryptedColumns } from '../../db/encrypted-columns';
import type { Tables } from '../../db/tables';

const CHECK_KEY = 'encryption_check';

type AnyDb = Kysely<Record<string, Record<string, string | number | null>>>;

export function createKeysRepository(db: Kysely<Tables>) {
  return {
    async getCheckValue(): Promise<string | undefined> {
      const row = await db
        .selectFrom('settings')
        .select('value')
        .where('key', '=', CHECK_KEY)
        .executeTakeFirst();
      return row?.value;
    },

    async setCheckValue(value: string): Promise<void> {
      await db
        .insertInto('settings')
        .values({ key: CHECK_KEY, value })
        .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
        .execute();
    },

    /** Rewrites every encrypted value and the check value in one transaction: all or nothing. */
    async reencryptAll(transform: (token: string) => string): Promise<number> {
      return db.transaction().execute(async (trx: Transaction<Tables>) => {
        const any = trx as unknown as AnyDb;
        let count = 0;
        for (const { table, key, column } of encryptedColumns) {
          const rows = await any
            .selectFrom(table)
            .select([key, column])
            .where(column, 'is not', null)
            .execute();
          for (const row of rows) {
            await any
              .updateTable(table)
              .set({ [column]: transform(String(row[column])) })
              .where(key, '=', row[key] ?? null)
              .execute();
            count += 1;
          }
        }
        const check = await trx
          .selectFrom('settings')
          .select('value')
          .where('key', '=', CHECK_KEY)
          .executeTakeFirst();
        if (check)
          await trx
            .updateTable('settings')
            .set({ value: transform(check.value) })
            .where('key', '=', CHECK_KEY)
            .execute();
        return count;
      });
    },
  };
}

export type KeysRepository = ReturnType<typeof createKeysRepository>;
