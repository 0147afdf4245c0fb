import type { AlertListQuery } from '@dtwin/contracts/alerts';
import type { Insertable, Kysely, Selectable, SelectQueryBuilder, Updateable } from 'kysely';
import type { Tables } from '../../db/tables';

export type AlertRow = Selectable<Tables['alerts']>;
export type AlertPatch = Updateable<Tables['alerts']>;
/** `subjects`: only alerts whose subject (a device, or an asset for rules on computed metrics) is one of these. */
export type AlertFilter = Omit<AlertListQuery, 'limit' | 'offset' | 'group' | 'asset_id'> & {
  subjects?: readonly string[];
};

const OPEN = ['active', 'acknowledged', 'shelved'];

function filtered<O>(query: SelectQueryBuilder<Tables, 'alerts', O>, f: AlertFilter) {
  let q = query;
  if (f.state) q = q.where('state', 'in', f.state);
  if (f.severity) q = q.where('severity', '=', f.severity);
  if (f.device_id) q = q.where('device_id', '=', f.device_id);
  if (f.subjects) q = q.where('device_id', 'in', f.subjects.length > 0 ? [...f.subjects] : ['']);
  if (f.rule) q = q.where('rule_id', '=', f.rule);
  if (f.group_id) q = q.where('group_id', '=', f.group_id);
  return q;
}

export function createAlertRepository(db: Kysely<Tables>) {
  return {
    get(id: number): Promise<AlertRow | undefined> {
      return db.selectFrom('alerts').selectAll().where('id', '=', id).executeTakeFirst();
    },

    getMany(ids: number[]): Promise<AlertRow[]> {
      if (ids.length === 0) return Promise.resolve([]);
      return db.selectFrom('alerts').selectAll().where('id', 'in', ids).orderBy('id').execute();
    },

    /** Every open alert (one per rule and device at most): what evaluation starts from. */
    open(): Promise<AlertRow[]> {
      return db.selectFrom('alerts').selectAll().where('open_key', 'is not', null).execute();
    },

    openWhere(where: { ruleId?: number; deviceId?: string }): Promise<AlertRow[]> {
      let q = db.selectFrom('alerts').selectAll().where('open_key', 'is not', null);
      if (where.ruleId !== undefined) q = q.where('rule_id', '=', where.ruleId);
      if (where.deviceId !== undefined) q = q.where('device_id', '=', where.deviceId);
      return q.execute();
    },

    /** The newest alert of a rule on a device, open or closed. */
    latestFor(ruleId: number, deviceId: string): Promise<AlertRow | undefined> {
      return db
        .selectFrom('alerts')
        .selectAll()
        .where('rule_id', '=', ruleId)
        .where('device_id', '=', deviceId)
        .orderBy('id', 'desc')
        .limit(1)
        .executeTakeFirst();
    },

    /** Undefined when an open alert of the same rule and device exists already (another process raised it). */
    async insert(row: Insertable<Tables['alerts']>): Promise<number | undefined> {
      const inserted = await db
        .insertInto('alerts')
        .values(row)
        .onConflict((oc) => oc.column('open_key').doNothing())
        .returning('id')
        .executeTakeFirst();
      return inserted === undefined ? undefined : Number(inserted.id);
    },

    /** Changes an alert; with `openKey`, only while it is still that open alert. */
    async update(id: number, patch: AlertPatch, openKey?: string): Promise<boolean> {
      let q = db.updateTable('alerts').set(patch).where('id', '=', id);
      if (openKey !== undefined) q = q.where('open_key', '=', openKey);
      const result = await q.executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    /** Adds occurrences to open alerts in one transaction; returns the ids still open. */
    async addOccurrences(
      updates: Array<{ id: number; count: number; value: number; at: number }>,
    ): Promise<number[]> {
      return db.transaction().execute(async (trx) => {
        const updated: number[] = [];
        for (const u of updates) {
          const result = await trx
            .updateTable('alerts')
            .set((eb) => ({ count: eb('count', '+', u.count), value: u.value, updated_at: u.at }))
            .where('id', '=', u.id)
            .where('open_key', 'is not', null)
            .executeTakeFirst();
          if (Number(result.numUpdatedRows) === 1) updated.push(u.id);
        }
        return updated;
      });
    },

    /**
     * A recent alert of the same cause for flood grouping: the same rule on another device
     * first, else another rule on the same device, started at or after `since`.
     */
    async floodPeer(ruleId: number, deviceId: string, since: number): Promise<AlertRow | undefined> {
      const recent = db
        .selectFrom('alerts')
        .selectAll()
        .where('started_at', '>=', since)
        .orderBy('id', 'desc')
        .limit(1);
      return (
        (await recent.where('rule_id', '=', ruleId).where('device_id', '!=', deviceId).executeTakeFirst()) ??
        (await recent.where('device_id', '=', deviceId).where('rule_id', '!=', ruleId).executeTakeFirst())
      );
    },

    /** Severities of a group's alerts that did notify. */
    async notifiedSeverities(groupId: string): Promise<string[]> {
      const rows = await db
        .selectFrom('alerts')
        .select('severity')
        .where('group_id', '=', groupId)
        .where('notified_at', 'is not', null)
        .execute();
      return rows.map((r) => r.severity);
    },

    /** Severities of a device's alerts that make its condition: active or acknowledged. */
    async conditionSeverities(deviceId: string): Promise<string[]> {
      const rows = await db
        .selectFrom('alerts')
        .select('severity')
        .where('device_id', '=', deviceId)
        .where('state', 'in', ['active', 'acknowledged'])
        .execute();
      return rows.map((r) => r.severity);
    },

    async list(
      f: AlertFilter,
      page: { limit: number; offset: number },
    ): Promise<{ items: AlertRow[]; total: number }> {
      const [items, count] = await Promise.all([
        filtered(db.selectFrom('alerts').selectAll(), f)
          .orderBy('started_at', 'desc')
          .orderBy('id', 'desc')
          .limit(page.limit)
          .offset(page.offset)
          .execute(),
        filtered(
          db.selectFrom('alerts').select((eb) => eb.fn.countAll<number>().as('n')),
          f,
        ).executeTakeFirstOrThrow(),
      ]);
      return { items, total: Number(count.n) };
    },

    /** The floods among the matching alerts, newest first, with their members' devices and rules. */
    /** The newest alerts (any state) of these devices, newest first (in chunks: bounded IN lists). */
    async newestOf(deviceIds: readonly string[], limit: number): Promise<AlertRow[]> {
      const rows: AlertRow[] = [];
      for (let i = 0; i < deviceIds.length; i += 500)
        rows.push(
          ...(await db
            .selectFrom('alerts')
            .selectAll()
            .where('device_id', 'in', deviceIds.slice(i, i + 500))
            .orderBy('started_at', 'desc')
            .orderBy('id', 'desc')
            .limit(limit)
            .execute()),
        );
      return rows
        .sort((a, b) => Number(b.started_at) - Number(a.started_at) || Number(b.id) - Number(a.id))
        .slice(0, limit);
    },

    /** Alerts in these states on these devices, counted per device and severity (bounded IN lists). */
    async countBySeverity(deviceIds: readonly string[], states: readonly string[]) {
      const counts: Array<{ device_id: string; severity: string; n: number }> = [];
      for (let i = 0; i < deviceIds.length; i += 500) {
        const rows = await db
          .selectFrom('alerts')
          .select(['device_id', 'severity', (eb) => eb.fn.countAll<number>().as('n')])
          .where('device_id', 'in', deviceIds.slice(i, i + 500))
          .where('state', 'in', states)
          .groupBy(['device_id', 'severity'])
          .execute();
        for (const r of rows) counts.push({ ...r, n: Number(r.n) });
      }
      return counts;
    },

    async groups(f: AlertFilter, limit: number) {
      const heads = await filtered(
        db
          .selectFrom('alerts')
          .select((eb) => [
            'group_id',
            eb.fn.countAll<number>().as('n'),
            eb.fn.min('started_at').as('first'),
            eb.fn.max('started_at').as('last'),
          ]),
        f,
      )
        .where('group_id', 'is not', null)
        .groupBy('group_id')
        .orderBy('last', 'desc')
        .limit(limit)
        .execute();
      const ids = heads.map((h) => h.group_id).filter((g): g is string => g !== null);
      const members =
        ids.length === 0
          ? []
          : await filtered(
              db.selectFrom('alerts').select(['group_id', 'device_id', 'rule_name', 'severity']),
              f,
            )
              .where('group_id', 'in', ids)
              .execute();
      return heads.map((h) => ({
        groupId: h.group_id ?? '',
        count: Number(h.n),
        first: Number(h.first),
        last: Number(h.last),
        members: members.filter((m) => m.group_id === h.group_id),
      }));
    },

    /** Critical alerts that notified, nobody acknowledged, and started before `cutoff`. */
    dueForEscalation(cutoff: number): Promise<AlertRow[]> {
      return db
        .selectFrom('alerts')
        .selectAll()
        .where('state', '=', 'active')
        .where('severity', '=', 'critical')
        .where('notified_at', 'is not', null)
        .where('escalated_at', 'is', null)
        .where('started_at', '<=', cutoff)
        .execute();
    },

    /** Marks an alert escalated unless someone (another process) already did. */
    async claimEscalation(id: number, now: number): Promise<boolean> {
      const result = await db
        .updateTable('alerts')
        .set({ escalated_at: now, updated_at: now })
        .where('id', '=', id)
        .where('escalated_at', 'is', null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    /** Shelved alerts whose time is up. */
    shelvedUntil(now: number): Promise<AlertRow[]> {
      return db
        .selectFrom('alerts')
        .selectAll()
        .where('state', '=', 'shelved')
        .where('shelved_until', '<=', now)
        .execute();
    },
  };
}

export const isOpenState = (state: string) => OPEN.includes(state);

export type AlertRepository = ReturnType<typeof createAlertRepository>;
