import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import type PG from 'pg';
import { withStatementCache } from './statement-cache';
import { startWalCheckpointer } from './wal-checkpointer';
import type { Tables } from './tables';

export type Dialect = 'sqlite' | 'postgres';

/** The database, or a transaction open on it: what a repository is built on. */
export type Executor = Kysely<Tables>;

/** Where a database lives, so another thread can open a connection of its own to it. */
export type Connection =
  { dialect: 'sqlite'; file: string } | { dialect: 'postgres'; url: string; searchPath?: string };

export interface Database {
  db: Kysely<Tables>;
  dialect: Dialect;
  /** Absent for an in-memory SQLite database (no other connection can reach it). */
  connection?: Connection;
  close(): Promise<void>;
}

let pgModule: typeof PG | undefined;

/** pg is loaded with the first PostgreSQL database: a SQLite server does not pay for it at start. */
function loadPg(): typeof PG {
  if (pgModule) return pgModule;
  const pg = createRequire(import.meta.url)('pg') as typeof PG;
  // int8 and numeric come back from pg as strings; our values (epoch ms, counters) fit a double.
  pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));
  pg.types.setTypeParser(pg.types.builtins.NUMERIC, (v) => Number(v));
  return (pgModule = pg);
}

/** The database and its WAL hold every secret stored: readable by the server's user only. */
function restrictSqliteFiles(file: string) {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  // Created empty with 0600 first: SQLite gives its -wal and -shm files the database file's mode.
  if (!fs.existsSync(file)) fs.writeFileSync(file, '', { mode: 0o600, flag: 'wx' });
  for (const f of [file, `${file}-wal`, `${file}-shm`])
    if (fs.existsSync(f) && (fs.statSync(f).mode & 0o077) !== 0) fs.chmodSync(f, 0o600);
}

export function openSqlite(file: string): Database {
  if (file !== ':memory:') restrictSqliteFiles(file);
  const sqlite = new SQLite(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  // 32 MiB of page cache instead of 2: a batch of readings touches a page per series, and with
  // thousands of series the default cache re-reads most of them from the OS on every commit.
  sqlite.pragma('cache_size = -32768');
  if (file === ':memory:') {
    const db = new Kysely<Tables>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
    return { db, dialect: 'sqlite', close: () => db.destroy() };
  }
  // Checkpoints run on their own thread; this connection checkpoints only if the log grows past
  // 64 MiB anyway (that thread stuck or dead), and the log file is cut back to that size.
  sqlite.pragma('wal_autocheckpoint = 16384');
  sqlite.pragma('journal_size_limit = 67108864');
  const checkpointer = startWalCheckpointer(file);
  const db = new Kysely<Tables>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  return {
    db,
    dialect: 'sqlite',
    connection: { dialect: 'sqlite', file },
    close: async () => {
      await checkpointer.close();
      await db.destroy();
    },
  };
}

export function openPostgres(
  url: string,
  options: { searchPath?: string; max?: number; onError?: (err: Error) => void } = {},
): Database {
  const pool = new (loadPg().Pool)({
    connectionString: url,
    max: options.max ?? 10,
    // A stopped server must fail a query in seconds, not leave it waiting for a connection.
    connectionTimeoutMillis: 5_000,
    ...(options.searchPath ? { options: `-c search_path=${options.searchPath}` } : {}),
  });
  // A restarting PostgreSQL ends every connection with an 'error' event, on the pool for idle
  // ones and on the client for one in use. Unheard, either would end the process; heard, the
  // broken client is dropped and the next query opens a fresh one (failing until it is back).
  const onError = options.onError ?? (() => {});
  pool.on('error', onError);
  pool.on('connect', (client) => client.on('error', onError));
  const db = new Kysely<Tables>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    dialect: 'postgres',
    connection: {
      dialect: 'postgres',
      url,
      ...(options.searchPath ? { searchPath: options.searchPath } : {}),
    },
    close: () => db.destroy(),
  };
}

/**
 * A connection of another thread's own that only reads: SQLite read-only beside the writer (WAL
 * lets readers and the one writer go on at once; busy_timeout covers a checkpoint's brief lock),
 * PostgreSQL a small pool of its own.
 */
export function openReader(connection: Connection, onError?: (err: Error) => void): Database {
  if (connection.dialect === 'postgres')
    return openPostgres(connection.url, {
      max: 2,
      ...(connection.searchPath ? { searchPath: connection.searchPath } : {}),
      ...(onError ? { onError } : {}),
    });
  const sqlite = new SQLite(connection.file, { readonly: true, fileMustExist: true });
  sqlite.pragma('busy_timeout = 5000');
  const db = new Kysely<Tables>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  return { db, dialect: 'sqlite', connection, close: () => db.destroy() };
}

export function openDatabase(options: {
  databaseUrl?: string | undefined;
  sqliteFile: string;
  onError?: (err: Error) => void;
}): Database {
  return options.databaseUrl
    ? openPostgres(options.databaseUrl, options.onError ? { onError: options.onError } : {})
    : openSqlite(options.sqliteFile);
}
