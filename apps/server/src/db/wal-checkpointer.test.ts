import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { openSqlite } from './database';

describe('checkpoints on their own thread', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dtwin-wal-'));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  /** Rows readable from the database file alone, without its write-ahead log. */
  function rowsInMainFile(file: string): number {
    const copy = path.join(dir, 'copy.sqlite');
    fs.copyFileSync(file, copy);
    const db = new SQLite(copy, { readonly: true });
    try {
      const table = db.prepare("select 1 from sqlite_master where name = 't'").get();
      return table ? (db.prepare('select count(*) as n from t').get() as { n: number }).n : 0;
    } finally {
      db.close();
    }
  }

  it('copies committed writes into the database file while the server keeps its connection', async () => {
    const file = path.join(dir, 'data.sqlite');
    const database = openSqlite(file);
    try {
      await sql`create table t (x integer)`.execute(database.db);
      await sql`insert into t (x) select value from json_each(${JSON.stringify([...Array(1000).keys()])})`.execute(
        database.db,
      );
      // The writing connection checkpoints only past 16,384 pages: these few are the thread's work.
      let inFile = 0;
      for (let i = 0; i < 40 && inFile < 1000; i++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        inFile = rowsInMainFile(file);
      }
      expect(inFile).toBe(1000);
    } finally {
      await database.close();
    }
  });
});
