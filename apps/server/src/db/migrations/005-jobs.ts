import type { Kysely, Migration } from 'kysely';
import type { Database } from '../database';

/** The job queue (every worker claims from it) and the reports the jobs render. */
export const migration005 = ({ dialect }: Database): Migration => ({
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('jobs')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('payload', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('progress', 'double precision', (c) => c.notNull().defaultTo(0))
      .addColumn('result', 'text')
      .addColumn('error', 'text')
      .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('max_attempts', 'integer', (c) => c.notNull())
      .addColumn('run_at', 'bigint', (c) => c.notNull())
      .addColumn('locked_by', 'text')
      .addColumn('lease_until', 'bigint')
      // Recurring jobs carry `<type>@<slot>` so that several schedulers enqueue one job per slot.
      .addColumn('unique_key', 'text', (c) => c.unique())
      .addColumn('created_by', 'text')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .addColumn('started_at', 'bigint')
      .addColumn('finished_at', 'bigint')
      .execute();
    // What workers ask for: the oldest due job that is queued (or whose lease ran out).
    await db.schema.createIndex('jobs_due').on('jobs').columns(['status', 'run_at']).execute();
    await db.schema.createIndex('jobs_finished').on('jobs').column('finished_at').execute();

    // Rendered reports live in the database so that any API node can serve what any worker made.
    await db.schema
      .createTable('reports')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('job_id', 'text')
      .addColumn('device_id', 'text')
      .addColumn('period_from', 'bigint', (c) => c.notNull())
      .addColumn('period_to', 'bigint', (c) => c.notNull())
      .addColumn('format', 'text', (c) => c.notNull())
      .addColumn('file_name', 'text', (c) => c.notNull())
      .addColumn('content_type', 'text', (c) => c.notNull())
      .addColumn('size', 'bigint', (c) => c.notNull())
      .addColumn('content', dialect === 'postgres' ? 'bytea' : 'blob', (c) => c.notNull())
      .addColumn('created_by', 'text')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('reports_created').on('reports').column('created_at').execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('reports').execute();
    await db.schema.dropTable('jobs').execute();
  },
});
