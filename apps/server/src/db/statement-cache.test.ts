import SQLite from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { withStatementCache } from './statement-cache';

describe('the prepared statement cache', () => {
  const sqlite = new SQLite(':memory:');
  afterEach(() => {
    sqlite.exec('drop table if exists t');
  });

  it('prepares a statement once per text and keeps only the most recent texts', () => {
    const db = withStatementCache(sqlite, 2);
    const first = db.prepare('select 1');
    expect(db.prepare('select 1')).toBe(first);
    db.prepare('select 2');
    db.prepare('select 1'); // used again: now the most recent
    db.prepare('select 3'); // evicts 'select 2'
    expect(db.prepare('select 1')).toBe(first);
    const second = db.prepare('select 2');
    expect(db.prepare('select 2')).toBe(second);
  });

  it('gives a fresh statement while the cached one is still being read', () => {
    const db = withStatementCache(sqlite);
    sqlite.exec('create table t (x integer); insert into t values (1), (2), (3)');
    const text = 'select x from t order by x';
    const outer = db.prepare(text).iterate([]);
    const seen: unknown[] = [];
    for (const row of outer) seen.push([row, db.prepare(text).all([]).length]);
    expect(seen).toEqual([
      [{ x: 1 }, 3],
      [{ x: 2 }, 3],
      [{ x: 3 }, 3],
    ]);
  });

  it('sees a table changed after the statement was prepared', () => {
    const db = withStatementCache(sqlite);
    sqlite.exec('create table t (x integer)');
    const insert = 'insert into t (x) values (?)';
    db.prepare(insert).run([1]);
    sqlite.exec('alter table t add column y integer default 7');
    db.prepare(insert).run([2]);
    expect(db.prepare('select x, y from t order by x').all([])).toEqual([
      { x: 1, y: 7 },
      { x: 2, y: 7 },
    ]);
  });
});
