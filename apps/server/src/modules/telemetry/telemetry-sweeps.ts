import { sql, type Kysely } from 'kysely';
import type { Tables } from '../../db/tables';
import type { TelemetryTable } from './telemetry-rows';

/** Rows a retention statement deletes at most, so the write lock is released between chunks. */
const DELETE_CHUNK = 5_000;

const yieldToOthers = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Deleting telemetry series by series, in chunks, for retention and deleted devices. */
export function createTelemetrySweeps(db: Kysely<Tables>) {
  /** Deletes one series' rows older than `cutoff` a chunk at a time (both tables are keyed by series first). */
  async function deleteSeriesRows(table: TelemetryTable, seriesId: number, cutoff: number): Promise<number> {
    const column = table === 'readings' ? 'ts' : 'bucket';
    let deleted = 0;
    for (;;) {
      const boundary = await sql<{ t: number }>`
        select ${sql.ref(column)} as t from ${sql.table(table)}
        where series_id = ${seriesId} and ${sql.ref(column)} < ${cutoff}
        order by ${sql.ref(column)} limit 1 offset ${DELETE_CHUNK - 1}
      `.execute(db);
      const upTo = boundary.rows[0]?.t;
      const result = await db
        .deleteFrom(table)
        .where('series_id', '=', seriesId)
        .where(column, upTo === undefined ? '<' : '<=', upTo ?? cutoff)
        .executeTakeFirst();
      deleted += Number(result.numDeletedRows);
      if (upTo === undefined) return deleted;
      await yieldToOthers();
    }
  }

  /**
   * Each series in a table with its oldest row, by skipping through the primary key: one index
   * seek per series, where a filter on time alone would scan the whole table.
   */
  async function seriesIn(table: TelemetryTable): Promise<Array<{ id: number; oldest: number }>> {
    const column = table === 'readings' ? 'ts' : 'bucket';
    const found: Array<{ id: number; oldest: number }> = [];
    let after = -1;
    for (;;) {
      const { rows } = await sql<{ id: number; oldest: number }>`
        select series_id as id, ${sql.ref(column)} as oldest from ${sql.table(table)}
        where series_id > ${after} order by series_id, ${sql.ref(column)} limit 1
      `.execute(db);
      const row = rows[0];
      if (!row) return found;
      found.push({ id: Number(row.id), oldest: Number(row.oldest) });
      after = Number(row.id);
    }
  }

  /** Deletes, per series present in `table`, the rows older than `cutoffFor(series still exists)`. */
  async function sweep(table: TelemetryTable, cutoffFor: (live: boolean) => number | null): Promise<number> {
    // Data first, then the live series: an id present in the data but absent afterwards is
    // really gone (ids are never reused), whereas a series created meanwhile is not mistaken.
    const present = await seriesIn(table);
    const live = new Set((await db.selectFrom('series').select('id').execute()).map((r) => Number(r.id)));
    let deleted = 0;
    for (const { id, oldest } of present) {
      const cutoff = cutoffFor(live.has(id));
      if (cutoff === null || oldest >= cutoff) continue;
      deleted += await deleteSeriesRows(table, id, cutoff);
      await yieldToOthers();
    }
    return deleted;
  }

  return { deleteSeriesRows, sweep };
}
