import type { Insertable, Kysely, Selectable } from 'kysely';
import type { AuditQuery } from '@dtwin/contracts/audit';
import type { Tables } from '../../db/tables';

export type AuditRow = Selectable<Tables['audit_log']>;
export type NewAuditRow = Insertable<Tables['audit_log']>;

export function createAuditRepository(db: Kysely<Tables>) {
  return {
    async insert(row: NewAuditRow): Promise<void> {
      await db.insertInto('audit_log').values(row).execute();
    },

    async deleteOlderThan(ts: number): Promise<number> {
      const result = await db.deleteFrom('audit_log').where('ts', '<', ts).executeTakeFirst();
      return Number(result.numDeletedRows);
    },

    /** Keeps the newest `keep` entries. */
    async deleteBeyond(keep: number): Promise<number> {
      const edge = await db
        .selectFrom('audit_log')
        .select('id')
        .orderBy('id', 'desc')
        .limit(1)
        .offset(keep)
        .executeTakeFirst();
      if (!edge) return 0;
      const result = await db.deleteFrom('audit_log').where('id', '<=', edge.id).executeTakeFirst();
      return Number(result.numDeletedRows);
    },

    async list(query: AuditQuery): Promise<{ items: AuditRow[]; total: number }> {
      let base = db.selectFrom('audit_log');
      if (query.actor) base = base.where('actor', '=', query.actor);
      if (query.action) base = base.where('action', '=', query.action);
      if (query.outcome) base = base.where('outcome', '=', query.outcome);
      if (query.from) base = base.where('ts', '>=', Date.parse(query.from));
      if (query.to) base = base.where('ts', '<', Date.parse(query.to));
      const [items, count] = await Promise.all([
        base.selectAll().orderBy('id', 'desc').limit(query.limit).offset(query.offset).execute(),
        base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
      ]);
      return { items, total: Number(count.n) };
    },
  };
}

export type AuditRepository = ReturnType<typeof createAuditRepository>;
