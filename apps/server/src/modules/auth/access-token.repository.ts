import type { Insertable, Kysely, Selectable } from 'kysely';
import type { Tables } from '../../db/tables';

export type AccessTokenRow = Selectable<Tables['access_tokens']>;

/** Every token this server issued or revoked, by jti: the denylist and the session list in one. */
export function createAccessTokenRepository(db: Kysely<Tables>) {
  return {
    async insert(row: Insertable<Tables['access_tokens']>): Promise<void> {
      await db.insertInto('access_tokens').values(row).execute();
    },

    find(jti: string): Promise<AccessTokenRow | undefined> {
      return db.selectFrom('access_tokens').selectAll().where('jti', '=', jti).executeTakeFirst();
    },

    /** Revokes a token whether or not it was issued here (a token minted by the original system). */
    async revoke(row: Insertable<Tables['access_tokens']> & { revoked_at: number }): Promise<void> {
      await db
        .insertInto('access_tokens')
        .values(row)
        .onConflict((oc) => oc.column('jti').doUpdateSet({ revoked_at: row.revoked_at }))
        .execute();
    },

    async revokeAllForUser(userId: number, at: number): Promise<number> {
      const result = await db
        .updateTable('access_tokens')
        .set({ revoked_at: at })
        .where('user_id', '=', userId)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows);
    },

    async deleteExpired(before: number): Promise<number> {
      const result = await db.deleteFrom('access_tokens').where('expires_at', '<', before).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}

export type AccessTokenRepository = ReturnType<typeof createAccessTokenRepository>;
