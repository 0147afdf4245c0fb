import type {
  Alert,
  AlertGroup,
  AlertList,
  AlertListQuery,
  AlertRule,
  AlertState,
  BulkAlertBody,
  BulkAlertResult,
  ShelveBody,
  Severity,
} from '@dtwin/contracts/alerts';
import type { Clock } from '../../lib/clock';
import { AppError } from '../../lib/errors';
import type { AuditService } from '../audit/audit.service';
import type { Actor } from '../users/users.service';
import type { AlertLifecycle } from './alert-lifecycle';
import { channelIdsOf, type AlertRuleService } from './alert-rule.service';
import { isOpenState, type AlertFilter, type AlertRepository, type AlertRow } from './alert.repository';
import { severityRank, toAlert } from './alert-view';

interface Deps {
  alerts: AlertRepository;
  lifecycle: AlertLifecycle;
  rules: Pick<AlertRuleService, 'find' | 'shelve' | 'unshelve' | 'expireShelves'>;
  audit: AuditService;
  clock: Clock;
  /** A critical alert nobody acknowledged for this long notifies again, marked as an escalation. */
  escalationMs?: number;
  /**
   * The subjects under an asset: its subtree's asset ids and the ids of their devices (not_found
   * for an unknown asset). Without it, `asset_id` filters are refused.
   */
  assetSubjects?: (assetId: string) => Promise<string[]>;
}

/** The most devices and assets one `asset_id` filter covers (each is a bound parameter of the query). */
export const MAX_ASSET_FILTER_SUBJECTS = 20_000;

/** Default escalation delay: 15 minutes (a candidate for an ESCALATION_S setting). */
export const ESCALATION_MS = 15 * 60_000;

/** What operators do with alerts, and the upkeep that runs on a timer (shelving, escalation). */
export function createAlertService({
  alerts,
  lifecycle,
  rules,
  audit,
  clock,
  escalationMs = ESCALATION_MS,
  assetSubjects,
}: Deps) {
  async function load(id: number): Promise<AlertRow> {
    const row = await alerts.get(id);
    if (!row) throw new AppError('not_found', `no alert ${id}`);
    return row;
  }

  async function loadOpen(id: number, action: string): Promise<AlertRow> {
    const row = await load(id);
    if (!isOpenState(row.state))
      throw new AppError('conflict', `alert ${id} is ${row.state}; only an open alert can be ${action}`);
    return row;
  }

  const record = (actor: Actor, action: string, row: AlertRow, detail = '') =>
    audit.record({
      actor: actor.username,
      ip: actor.ip,
      action,
      target: `alert ${row.id}`,
      outcome: 'success',
      detail: `${row.rule_name} on ${row.device_id}${detail ? `: ${detail}` : ''}`,
    });

  const entryOf = (row: AlertRow) => ({
    id: Number(row.id),
    ruleId: Number(row.rule_id),
    deviceId: row.device_id,
  });

  /** Back to active (or acknowledged); an alert that never notified because it was shelved notifies now. */
  async function unshelveRow(row: AlertRow): Promise<void> {
    const notify = row.notified_at === null;
    const rule = rules.find(Number(row.rule_id));
    await lifecycle.change(
      Number(row.id),
      {
        state: row.acknowledged_at !== null ? 'acknowledged' : 'active',
        shelved_until: null,
        shelved_by: null,
        shelve_reason: null,
        ...(notify ? { notified_at: clock.now() } : {}),
      },
      notify ? { kind: 'raise', channelIds: rule ? channelIdsOf(rule) : [] } : null,
    );
    lifecycle.refreshCondition(row.device_id);
  }

  async function shelveRow(row: AlertRow, until: number, by: string | null, reason: string): Promise<void> {
    await lifecycle.change(Number(row.id), {
      state: 'shelved',
      shelved_until: until,
      shelved_by: by,
      shelve_reason: reason,
    });
    lifecycle.refreshCondition(row.device_id);
  }

  async function subjectsOf(assetId: string): Promise<string[]> {
    if (!assetSubjects) throw new AppError('bad_request', 'alerts cannot be filtered by asset here');
    const subjects = await assetSubjects(assetId);
    if (subjects.length > MAX_ASSET_FILTER_SUBJECTS)
      throw new AppError(
        'bad_request',
        `asset '${assetId}' covers ${subjects.length} devices and assets, more than the ${MAX_ASSET_FILTER_SUBJECTS} an alert filter takes; choose an asset lower in the tree`,
        { fields: { asset_id: `covers more than ${MAX_ASSET_FILTER_SUBJECTS} devices and assets` } },
      );
    return subjects;
  }

  function groupsOf(heads: Awaited<ReturnType<AlertRepository['groups']>>): AlertGroup[] {
    return heads.map((h) => ({
      group_id: h.groupId,
      alert_count: h.count,
      severity: h.members.reduce<Severity>(
        (top, m) => (severityRank(m.severity) > severityRank(top) ? (m.severity as Severity) : top),
        'info',
      ),
      device_ids: [...new Set(h.members.map((m) => m.device_id))].sort(),
      rule_names: [...new Set(h.members.map((m) => m.rule_name))].sort(),
      first_started_at: new Date(h.first).toISOString(),
      last_started_at: new Date(h.last).toISOString(),
    }));
  }

  const service = {
    async list(query: AlertListQuery): Promise<AlertList> {
      const { limit, offset, group, asset_id, ...rest } = query;
      const filter: AlertFilter = asset_id ? { ...rest, subjects: await subjectsOf(asset_id) } : rest;
      const { items, total } = await alerts.list(filter, { limit, offset });
      const list: AlertList = { items: items.map(toAlert), total };
      if (group) list.groups = groupsOf(await alerts.groups(filter, 100));
      return list;
    },

    get: async (id: number): Promise<Alert> => toAlert(await load(id)),

    /** Open alerts (active, acknowledged, shelved) by severity, for /metrics. */
    async openCounts(): Promise<Record<Severity, number>> {
      const counts = { info: 0, warning: 0, critical: 0 };
      for (const severity of ['info', 'warning', 'critical'] as const) {
        const open = { state: ['active', 'acknowledged', 'shelved'] as AlertState[], severity };
        counts[severity] = (await alerts.list(open, { limit: 1, offset: 0 })).total;
      }
      return counts;
    },

    /** The newest alerts (any state) of these devices, newest first (an asset's subtree). */
    async newestOf(deviceIds: readonly string[], limit: number): Promise<Alert[]> {
      return (await alerts.newestOf(deviceIds, limit)).map(toAlert);
    },

    /** Alerts needing attention (active or acknowledged) on these devices, by severity. */
    async activeCountsFor(deviceIds: readonly string[]): Promise<Record<Severity, number>> {
      const total = { info: 0, warning: 0, critical: 0 };
      for (const c of (await service.activeCountsByDevice(deviceIds)).values()) {
        total.info += c.info;
        total.warning += c.warning;
        total.critical += c.critical;
      }
      return total;
    },

    /** The same, per device (only devices with such an alert are listed). */
    async activeCountsByDevice(deviceIds: readonly string[]): Promise<Map<string, Record<Severity, number>>> {
      const out = new Map<string, Record<Severity, number>>();
      for (const r of await alerts.countBySeverity(deviceIds, ['active', 'acknowledged'])) {
        if (r.severity !== 'info' && r.severity !== 'warning' && r.severity !== 'critical') continue;
        const counts = out.get(r.device_id) ?? { info: 0, warning: 0, critical: 0 };
        counts[r.severity] += r.n;
        out.set(r.device_id, counts);
      }
      return out;
    },

    /** The operator has seen it: by whom and when. Acknowledging twice keeps the first. */
    acknowledge(id: number, actor: Actor): Promise<Alert> {
      return lifecycle.exclusive(async () => {
        const row = await loadOpen(id, 'acknowledged');
        if (row.acknowledged_at === null) {
          await lifecycle.change(id, {
            state: row.state === 'shelved' ? 'shelved' : 'acknowledged',
            acknowledged_by: actor.username,
            acknowledged_at: clock.now(),
          });
          await record(actor, 'alert.acknowledge', row);
        }
        return toAlert(await load(id));
      });
    },

    /** Closed by hand; if the condition still holds, a new alert follows after the rule's duration. */
    resolve(id: number, actor: Actor): Promise<Alert> {
      return lifecycle.exclusive(async () => {
        const row = await loadOpen(id, 'resolved');
        await lifecycle.close(entryOf(row), { state: 'resolved', by: actor.username });
        await record(actor, 'alert.resolve', row);
        return toAlert(await load(id));
      });
    },

    shelve(id: number, body: ShelveBody, actor: Actor): Promise<Alert> {
      return lifecycle.exclusive(async () => {
        const row = await loadOpen(id, 'shelved');
        await shelveRow(row, clock.now() + body.duration_s * 1000, actor.username, body.reason);
        await record(actor, 'alert.shelve', row, `for ${body.duration_s} s: ${body.reason}`);
        return toAlert(await load(id));
      });
    },

    unshelve(id: number, actor: Actor): Promise<Alert> {
      return lifecycle.exclusive(async () => {
        const row = await load(id);
        if (row.state !== 'shelved')
          throw new AppError('conflict', `alert ${id} is ${row.state}, not shelved`);
        await unshelveRow(row);
        await record(actor, 'alert.unshelve', row);
        return toAlert(await load(id));
      });
    },

    /** Snoozes a rule, and its open alerts with it, for `duration_s`. */
    shelveRule(ruleId: number, body: ShelveBody, actor: Actor): Promise<AlertRule> {
      return lifecycle.exclusive(async () => {
        const rule = await rules.shelve(ruleId, body, actor);
        const until = clock.now() + body.duration_s * 1000;
        for (const row of await alerts.openWhere({ ruleId })) {
          if (row.state !== 'shelved') await shelveRow(row, until, actor.username, body.reason);
        }
        return rule;
      });
    },

    unshelveRule(ruleId: number, actor: Actor): Promise<AlertRule> {
      return lifecycle.exclusive(async () => {
        const rule = await rules.unshelve(ruleId, actor);
        for (const row of await alerts.openWhere({ ruleId }))
          if (row.state === 'shelved') await unshelveRow(row);
        return rule;
      });
    },

    /**
     * The same action on many alerts (the operator's multi-select): each alert is handled on its
     * own, so one that cannot be (already closed, gone) is reported and the others still change.
     */
    async bulk(body: BulkAlertBody, actor: Actor): Promise<BulkAlertResult> {
      const results: BulkAlertResult['results'] = [];
      for (const id of [...new Set(body.ids)]) {
        try {
          const alert =
            body.action === 'acknowledge'
              ? await service.acknowledge(id, actor)
              : body.action === 'resolve'
                ? await service.resolve(id, actor)
                : await service.shelve(id, body.shelve!, actor);
          results.push({ id, ok: true, alert });
        } catch (err) {
          if (!(err instanceof AppError)) throw err;
          results.push({ id, ok: false, error: err.message });
        }
      }
      return { results };
    },

    conditionOf: (deviceId: string) => lifecycle.conditionOf(deviceId),

    /** Ends shelving that ran out and escalates critical alerts nobody acknowledged; run periodically. */
    maintain(): Promise<{ unshelved: number; escalated: number }> {
      return lifecycle.exclusive(async () => {
        const now = clock.now();
        await rules.expireShelves();
        const expired = await alerts.shelvedUntil(now);
        for (const row of expired) await unshelveRow(row);
        let escalated = 0;
        for (const row of await alerts.dueForEscalation(now - escalationMs)) {
          if (!(await alerts.claimEscalation(Number(row.id), now))) continue;
          const rule = rules.find(Number(row.rule_id));
          await lifecycle.change(
            Number(row.id),
            {},
            { kind: 'escalation', channelIds: rule ? channelIdsOf(rule) : [] },
          );
          escalated += 1;
        }
        return { unshelved: expired.length, escalated };
      });
    },
  };
  return service;
}

export type AlertService = ReturnType<typeof createAlertService>;
