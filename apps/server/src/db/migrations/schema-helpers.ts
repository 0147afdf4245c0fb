import type { CreateTableBuilder } from 'kysely';
import type { Dialect } from '../database';

/** An auto-incrementing integer primary key in either dialect. */
export function withIdColumn<T extends string>(table: CreateTableBuilder<T>, dialect: Dialect) {
  return dialect === 'postgres'
    ? table.addColumn('id', 'bigserial', (c) => c.primaryKey())
    : table.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());
}
