import type SQLite from 'better-sqlite3';
import type { SqliteDatabase } from 'kysely';

/**
 * better-sqlite3 with its prepared statements kept by SQL text (the most recent `size`), for
 * Kysely: its SQLite driver prepares every statement on every call, and the telemetry writer's
 * statements have the same text in every batch. A statement still being iterated (a streamed
 * query) is busy, so the same text then gets a fresh one.
 */
const noOpStatement = {
  reader: false,
  run: () => ({ changes: 0, lastInsertRowid: 0 }),
  all: () => [],
  iterate: () => [][Symbol.iterator](),
} as unknown as SQLite.Statement;

export function withStatementCache(sqlite: SQLite.Database, size = 200): SqliteDatabase {
  const cache = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(text: string) {
      // SQLite rolls a transaction back by itself on some errors (a full disk, an I/O error);
      // Kysely's rollback would then fail with "no transaction is active" and hide the real error.
      if (/^\s*rollback\s*;?\s*$/i.test(text) && !sqlite.inTransaction) return noOpStatement;
      const cached = cache.get(text);
      if (cached?.busy) return sqlite.prepare(text);
      const statement = cached ?? sqlite.prepare(text);
      cache.delete(text); // re-inserted last: the oldest entry is the least recently used
      cache.set(text, statement);
      if (cache.size > size) cache.delete(cache.keys().next().value!);
      return statement;
    },
  };
}
