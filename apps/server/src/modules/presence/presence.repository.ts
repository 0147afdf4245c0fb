import type { Kysely } from 'kysely';
import type { Tables } from '../../db/tables';

/** Running servers mark themselves in `settings`, one row each, under this prefix. */
const PREFIX = 'server_running:';

export function createPresenceRepository(db: Kysely<Tables>) {
  return {
    async mark(id: string, value: string): Promise<void> {
      await db
        .insertInto('settings')
        .values({ key: PREFIX + id, value })
        .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
        .execute();
    },

    async unmark(ids: readonly string[]): Promise<void> {
      if (ids.length === 0) return;
      await db
        .deleteFrom('settings')
        .where(
          'key',
          'in',
          ids.map((id) => PREFIX + id),
        )
        .execute();
    },

    async all(): Promise<Array<{ id: string; value: string }>> {
      const rows = await db
        .selectFrom('settings')
        .select(['key', 'value'])
        .where('key', 'like', `${PREFIX}%`)
        .execute();
      return rows.map((r) => ({ id: r.key.slice(PREFIX.length), value: r.value }));
    },
  };
}

export type PresenceRepository = ReturnType<typeof createPresenceRepository>;
