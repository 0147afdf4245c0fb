import { sql, type Insertable, type Kysely, type Selectable, type Updateable } from 'kysely';
import type { RecommendationListQuery } from '@dtwin/contracts/recommendations';
import type { Tables } from '../../db/tables';

export type RecommendationRow = Selectable<Tables['recommendations']>;
export const LIVE = ['open', 'acknowledged'] as const;

export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: unknown; message?: unknown } | null;
  return (
    e?.code === '23505' ||
    (typeof e?.code === 'string' && e.code.startsWith('SQLITE_CONSTRAINT')) ||
    /UNIQUE constraint/.test(String(e?.message ?? ''))
  );
}

export function createRecommendationsRepository(db: Kysely<Tables>) {
  return {
    get(id: number): Promise<RecommendationRow | undefined> {
      return db.selectFrom('recommendations').selectAll().where('id', '=', id).executeTakeFirst();
    },

    /**
     * The rows that still speak for a problem of this device: the live ones, and closed ones whose
     * problem has not cleared since (a dismissal is respected while the problem lasts). Newest first.
     */
    relevant(deviceId: string): Promise<RecommendationRow[]> {
      return db
        .selectFrom('recommendations')
        .selectAll()
        .where('device_id', '=', deviceId)
        .where((eb) => eb.or([eb('status', 'in', [...LIVE]), eb('cleared_at', 'is', null)]))
        .orderBy('id', 'desc')
        .execute();
    },

    async insert(row: Insertable<Tables['recommendations']>): Promise<number> {
      const inserted = await db
        .insertInto('recommendations')
        .values(row)
        .returning('id')
        .executeTakeFirstOrThrow();
      return Number(inserted.id);
    },

    async update(id: number, patch: Updateable<Tables['recommendations']>): Promise<void> {
      await db.updateTable('recommendations').set(patch).where('id', '=', id).execute();
    },

    /** A status change that only happens if nobody changed the status meanwhile. */
    async changeStatus(
      id: number,
      from: string,
      patch: Updateable<Tables['recommendations']>,
    ): Promise<boolean> {
      const result = await db
        .updateTable('recommendations')
        .set(patch)
        .where('id', '=', id)
        .where('status', '=', from)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    async list(query: RecommendationListQuery): Promise<{ items: RecommendationRow[]; total: number }> {
      let base = db.selectFrom('recommendations');
      if (query.device_id) base = base.where('device_id', '=', query.device_id);
      if (query.status) base = base.where('status', '=', query.status);
      if (query.priority) base = base.where('priority', '=', query.priority);
      if (query.type) base = base.where('type', '=', query.type);
      const [items, count] = await Promise.all([
        base
          .selectAll()
          // Live ones first, then by score; newest first among equals.
          .orderBy(sql`case when status in ('open', 'acknowledged') then 0 else 1 end`)
          .orderBy('score', 'desc')
          .orderBy('id', 'desc')
          .limit(query.limit)
          .offset(query.offset)
          .execute(),
        base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
      ]);
      return { items, total: Number(count.n) };
    },

    /** Live recommendations by priority, for the dashboard. */
    /** Live recommendations by priority, over every device or over `deviceIds` (in chunks). */
    async liveCounts(deviceIds?: readonly string[]): Promise<Record<string, number>> {
      const query = () =>
        db
          .selectFrom('recommendations')
          .select(['priority', (eb) => eb.fn.countAll<number>().as('n')])
          .where('status', 'in', [...LIVE])
          .groupBy('priority');
      const out: Record<string, number> = {};
      const add = (rows: Array<{ priority: string; n: number }>) => {
        for (const r of rows) out[r.priority] = (out[r.priority] ?? 0) + Number(r.n);
      };
      if (!deviceIds) add(await query().execute());
      else
        for (let i = 0; i < deviceIds.length; i += 500)
          add(
            await query()
              .where('device_id', 'in', deviceIds.slice(i, i + 500))
              .execute(),
          );
      return out;
    },
  };
}

export type RecommendationsRepository = ReturnType<typeof createRecommendationsRepository>;
