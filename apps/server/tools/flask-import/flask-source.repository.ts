import fs from 'node:fs';
import SQLite from 'better-sqlite3';
import { AppError } from '../../src/lib/errors';

export type SourceRow = Record<string, unknown>;

export interface SourceTable {
  /** The file it was read from. */
  file: string;
  columns: string[];
  rows: SourceRow[];
}

/** The column names Python's sqlite3 wrote; SQL identifiers here come from the file's own schema only. */
function quote(identifier: string): string {
  return `"${identifier.replaceAll('"', '""')}"`;
}

/** A problem with the original system's files or key; the CLI prints its message alone. */
export class SourceError extends AppError {
  constructor(message: string) {
    super('bad_request', message);
    this.name = 'SourceError';
  }
}

/**
 * The original system's SQLite files, opened read-only: `users.db` (users) and its data
 * database (health_data, device_registry). A table may sit in either file; the first that has
 * it wins. Nothing here writes, so a dry run (or a failed import) leaves them untouched.
 */
export function openFlaskSources(files: { usersDb: string; dataDb?: string | undefined }) {
  const opened: Array<{ file: string; db: SQLite.Database }> = [];
  try {
    for (const file of [files.usersDb, files.dataDb].filter((f): f is string => f !== undefined)) {
      if (!fs.existsSync(file)) throw new SourceError(`${file} does not exist`);
      const db = new SQLite(file, { readonly: true, fileMustExist: true });
      try {
        db.prepare('select count(*) from sqlite_master').get();
      } catch {
        db.close();
        throw new SourceError(`${file} is not an SQLite database`);
      }
      opened.push({ file, db });
    }
  } catch (err) {
    for (const o of opened) o.db.close();
    throw err;
  }

  function find(table: string) {
    return opened.find(
      (o) =>
        o.db.prepare("select 1 from sqlite_master where type = 'table' and name = ?").get(table) !==
        undefined,
    );
  }

  return {
    /** The table, with its columns and rows in id (or insertion) order, or undefined when no file has it. */
    read(table: string): SourceTable | undefined {
      const found = find(table);
      if (!found) return undefined;
      const info = found.db.prepare(`pragma table_info(${quote(table)})`).all() as Array<{ name: string }>;
      const columns = info.map((c) => c.name);
      const order = columns.includes('id') ? quote('id') : 'rowid';
      const rows = found.db.prepare(`select * from ${quote(table)} order by ${order}`).all() as SourceRow[];
      return { file: found.file, columns, rows };
    },

    close(): void {
      for (const o of opened) o.db.close();
    },
  };
}

export type FlaskSources = ReturnType<typeof openFlaskSources>;
