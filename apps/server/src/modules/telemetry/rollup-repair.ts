import { sql, type Kysely } from 'kysely';
import type { Tables } from '../../db/tables';
import { tierWidthMs } from './telemetry-rows';

/**
 * The crash repair of the rollups held in memory (rollup-buffer.ts): the minutes they covered are
 * marked in `rollup_pending` in the same transaction as their readings, so after a crash those
 * minutes are rebuilt from the raw readings and their hours from the minutes.
 */

const replaceRollup = sql`
  on conflict (series_id, bucket) do update set
    min = excluded.min, max = excluded.max, sum = excluded.sum, count = excluded.count,
    last = excluded.last, last_ts = excluded.last_ts
`;

/** Replaces every series' 1-minute rollup of `minute` with the aggregate of its raw readings. */
async function rebuildMinute(executor: Kysely<Tables>, minute: number) {
  const end = minute + tierWidthMs['1m'];
  // Joined from `series`, so each series is an index seek into its own readings.
  await sql`
    insert into rollups_1m (series_id, bucket, min, max, sum, count, last, last_ts)
    select a.series_id, cast(${minute} as bigint), a.min, a.max, a.sum, a.count, l.value, a.last_ts
    from (
      select r.series_id, min(r.value) as min, max(r.value) as max, sum(r.value) as sum,
        count(*) as count, max(r.ts) as last_ts
      from series join readings as r on r.series_id = series.id and r.ts >= ${minute} and r.ts < ${end}
      group by r.series_id
    ) as a
    join readings as l on l.series_id = a.series_id and l.ts = a.last_ts
    where true
    ${replaceRollup}
  `.execute(executor);
}

/** Replaces every series' 1-hour rollup of `hour` with the aggregate of its 1-minute rollups. */
async function rebuildHour(executor: Kysely<Tables>, hour: number) {
  const end = hour + tierWidthMs['1h'];
  await sql`
    insert into rollups_1h (series_id, bucket, min, max, sum, count, last, last_ts)
    select a.series_id, cast(${hour} as bigint), a.min, a.max, a.sum, a.count, l.last, a.last_ts
    from (
      select m.series_id, min(m.min) as min, max(m.max) as max, sum(m.sum) as sum,
        sum(m.count) as count, max(m.last_ts) as last_ts
      from series join rollups_1m as m on m.series_id = series.id and m.bucket >= ${hour} and m.bucket < ${end}
      group by m.series_id
    ) as a
    join rollups_1m as l on l.series_id = a.series_id and l.bucket >= ${hour} and l.bucket < ${end}
      and l.last_ts = a.last_ts
    where true
    ${replaceRollup}
  `.execute(executor);
}

/** Rebuilds every pending minute and its hour, then clears the marks; returns how many minutes. */
export async function rebuildPendingRollups(db: Kysely<Tables>): Promise<number> {
  const rows = await db.selectFrom('rollup_pending').select('bucket').execute();
  const minutes = rows.map((r) => Number(r.bucket));
  if (minutes.length === 0) return 0;
  const hour = tierWidthMs['1h'];
  const hours = new Set(minutes.map((m) => Math.floor(m / hour) * hour));
  await db.transaction().execute(async (trx) => {
    for (const minute of minutes) await rebuildMinute(trx, minute);
    for (const h of hours) await rebuildHour(trx, h);
    await trx.deleteFrom('rollup_pending').execute();
  });
  return minutes.length;
}
