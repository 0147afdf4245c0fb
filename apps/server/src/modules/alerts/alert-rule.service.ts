import {
  alertRuleDefinitionSchema,
  derivedSignals,
  type AlertRule,
  type AlertRuleDefinition,
  type CreateAlertRuleBody,
  type ShelveBody,
  type UpdateAlertRuleBody,
} from '@dtwin/contracts/alerts';
import type { Clock } from '../../lib/clock';
import { AppError } from '../../lib/errors';
import type { AuditService } from '../audit/audit.service';
import type { DevicesService } from '../devices/devices.service';
import type { ModelsService } from '../models/models.service';
import type { Actor } from '../users/users.service';
import { describeCondition } from './alert-condition';
import type { AlertRuleRepository, AlertRuleRow } from './alert-rule.repository';
import { defaultRules } from './default-rules';

interface Deps {
  rules: AlertRuleRepository;
  devices: Pick<DevicesService, 'get'>;
  models: Pick<ModelsService, 'find' | 'list'>;
  /** The ids among these that name no notification channel. */
  channels: { missing(ids: number[]): Promise<number[]> };
  audit: AuditService;
  clock: Clock;
  /** Whether an asset has a computed metric of that name (what a rule scoped to an asset watches). */
  assetMetrics?: { has(assetId: string, metric: string): boolean };
  /** Devices' computed metrics: which device has which (a rule on one watches it like a reading). */
  deviceMetrics?: { has(deviceId: string, metric: string): boolean; devicesWith(metric: string): string[] };
}

export type RuleChange = { type: 'saved' | 'deleted' | 'shelved' | 'unshelved'; rule: AlertRuleRow };

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export const channelIdsOf = (row: AlertRuleRow): number[] => JSON.parse(row.channel_ids) as number[];

export function toAlertRule(row: AlertRuleRow): AlertRule {
  return {
    id: Number(row.id),
    name: row.name,
    description: row.description,
    scope: { device_id: row.scope_device_id, model: row.scope_model, asset_id: row.scope_asset_id ?? null },
    metric: row.metric,
    operator: row.operator as AlertRule['operator'],
    threshold: row.threshold,
    threshold_high: row.threshold_high,
    duration_s: row.duration_s,
    severity: row.severity as AlertRule['severity'],
    hysteresis: row.hysteresis,
    cooldown_s: row.cooldown_s,
    enabled: row.enabled === 1,
    channel_ids: channelIdsOf(row),
    builtin: row.builtin === 1,
    shelved_until: iso(row.shelved_until),
    shelved_by: row.shelved_by,
    shelve_reason: row.shelve_reason,
    created_at: iso(row.created_at) ?? '',
    updated_at: iso(row.updated_at) ?? '',
  };
}

const columnsOf = (d: AlertRuleDefinition) => ({
  name: d.name,
  description: d.description,
  scope_device_id: d.scope.device_id ?? null,
  scope_model: d.scope.model ?? null,
  scope_asset_id: d.scope.asset_id ?? null,
  metric: d.metric,
  operator: d.operator,
  threshold: d.threshold,
  threshold_high: d.operator === 'outside' ? d.threshold_high : null,
  duration_s: d.duration_s,
  severity: d.severity,
  hysteresis: d.hysteresis,
  cooldown_s: d.cooldown_s,
  enabled: d.enabled ? 1 : 0,
  channel_ids: JSON.stringify([...new Set(d.channel_ids)]),
});

/** Alert rules: kept in memory by metric (a plant has tens of rules, read on every reading). */
export function createAlertRuleService({
  rules,
  devices,
  models,
  channels,
  audit,
  clock,
  assetMetrics,
  deviceMetrics,
}: Deps) {
  let cache = new Map<number, AlertRuleRow>();
  let byMetric = new Map<string, AlertRuleRow[]>();
  const listeners: Array<(change: RuleChange) => void | Promise<void>> = [];

  async function reload() {
    const rows = await rules.list();
    cache = new Map(rows.map((r) => [Number(r.id), r]));
    byMetric = new Map();
    for (const row of rows) {
      if (row.enabled !== 1) continue;
      byMetric.set(row.metric, [...(byMetric.get(row.metric) ?? []), row]);
    }
  }

  async function changed(change: RuleChange) {
    await reload();
    for (const listener of listeners) await listener(change);
  }

  function load(id: number): AlertRuleRow {
    const row = cache.get(id);
    if (!row) throw new AppError('not_found', `no alert rule ${id}`);
    return row;
  }

  /** Whether a device in the rule's scope has a computed metric of the rule's name. */
  async function computedInScope(d: AlertRuleDefinition): Promise<boolean> {
    if (!deviceMetrics) return false;
    if (d.scope.device_id) return deviceMetrics.has(d.scope.device_id, d.metric);
    const holders = deviceMetrics.devicesWith(d.metric);
    if (!d.scope.model) return holders.length > 0;
    for (const id of holders)
      if ((await devices.get(id).catch(() => undefined))?.model === d.scope.model) return true;
    return false;
  }

  /**
   * What the schema cannot know: that the device, model, metric and channels exist. Channels
   * deleted since the rule named them (`named`) are dropped quietly rather than refused.
   */
  async function check(d: AlertRuleDefinition, named: number[] = []): Promise<AlertRuleDefinition> {
    const fields: Record<string, string> = {};
    let reporting = models.list();
    if (d.scope.asset_id) {
      if (!assetMetrics?.has(d.scope.asset_id, d.metric))
        fields.metric = `asset '${d.scope.asset_id}' has no computed metric '${d.metric}'`;
    } else if (d.scope.device_id) {
      const device = await devices.get(d.scope.device_id).catch(() => undefined);
      if (!device) fields['scope.device_id'] = `is not a known device`;
      reporting = reporting.filter((m) => m.id === device?.model);
    } else if (d.scope.model) {
      if (!models.find(d.scope.model)) fields['scope.model'] = 'is not a known device model';
      reporting = reporting.filter((m) => m.id === d.scope.model);
    }
    const derived = (derivedSignals as readonly string[]).includes(d.metric);
    if (!d.scope.asset_id && !derived && !fields['scope.device_id'] && !fields['scope.model']) {
      const measured = reporting.some((m) => m.metrics.some((metric) => metric.name === d.metric));
      if (!measured && !(await computedInScope(d))) {
        fields.metric = `no device in scope reports '${d.metric}' or computes it (nor is it one of ${derivedSignals.join(', ')})`;
      }
    }
    const missing = await channels.missing(d.channel_ids);
    const unknown = missing.filter((id) => !named.includes(id));
    if (unknown.length > 0) fields.channel_ids = `no notification channel ${unknown.join(', ')}`;
    if (Object.keys(fields).length > 0) {
      const summary = Object.entries(fields)
        .map(([f, m]) => `${f} ${m}`)
        .join('; ');
      throw new AppError('validation_failed', `invalid alert rule: ${summary}`, { fields });
    }
    return { ...d, channel_ids: d.channel_ids.filter((id) => !missing.includes(id)) };
  }

  const record = (actor: Actor, action: string, row: AlertRuleRow, detail: string) =>
    audit.record({
      actor: actor.username,
      ip: actor.ip,
      action,
      target: `alert rule ${row.id}`,
      outcome: 'success',
      detail: `${row.name}: ${detail}`,
    });

  const summary = (row: AlertRuleRow) =>
    `${row.metric} ${describeCondition({ ...row, operator: row.operator as AlertRule['operator'] })} for ${row.duration_s} s, ${row.severity}`;

  return {
    /** Installs the built-in rules not installed before, then loads the cache; once at start. */
    async init(): Promise<void> {
      const now = clock.now();
      await rules.installDefaults(
        defaultRules.map(({ key, rule }) => ({
          key,
          row: {
            ...columnsOf({ ...rule, threshold_high: null, enabled: true, channel_ids: [] }),
            builtin: 1,
            created_at: now,
            updated_at: now,
          },
        })),
        now,
      );
      await reload();
    },

    /** Re-reads the rules, for processes that did not make the change themselves. */
    reload,
    onChange(listener: (change: RuleChange) => void | Promise<void>) {
      listeners.push(listener);
    },

    list: (): AlertRule[] => [...cache.values()].map(toAlertRule),
    get: (id: number): AlertRule => toAlertRule(load(id)),
    find: (id: number): AlertRuleRow | undefined => cache.get(id),
    /** The enabled rules on a metric or derived signal. */
    forMetric: (metric: string): AlertRuleRow[] => byMetric.get(metric) ?? [],

    async create(body: CreateAlertRuleBody, actor: Actor): Promise<AlertRule> {
      const checked = await check(body);
      const now = clock.now();
      const id = await rules.insert({ ...columnsOf(checked), builtin: 0, created_at: now, updated_at: now });
      const row = (await rules.get(id))!;
      await record(actor, 'alert_rule.create', row, summary(row));
      await changed({ type: 'saved', rule: row });
      return toAlertRule(row);
    },

    async update(id: number, patch: UpdateAlertRuleBody, actor: Actor): Promise<AlertRule> {
      const current = toAlertRule(load(id));
      const parsed = alertRuleDefinitionSchema.safeParse({ ...current, ...patch });
      if (!parsed.success) {
        const fields = Object.fromEntries(
          parsed.error.issues.map((i) => [i.path.join('.') || 'body', i.message]),
        );
        throw new AppError(
          'validation_failed',
          parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
          { fields },
        );
      }
      const checked = await check(parsed.data, current.channel_ids);
      if (!(await rules.update(id, { ...columnsOf(checked), updated_at: clock.now() })))
        throw new AppError('not_found', `no alert rule ${id}`);
      const row = (await rules.get(id))!;
      await record(
        actor,
        'alert_rule.update',
        row,
        `changed ${Object.keys(patch).join(', ')}; now ${summary(row)}${row.enabled ? '' : ' (disabled)'}`,
      );
      await changed({ type: 'saved', rule: row });
      return toAlertRule(row);
    },

    async remove(id: number, actor: Actor): Promise<void> {
      const row = load(id);
      if (!(await rules.delete(id))) throw new AppError('not_found', `no alert rule ${id}`);
      await record(actor, 'alert_rule.delete', row, summary(row));
      await changed({ type: 'deleted', rule: row });
    },

    /** Snoozes a whole rule: its alerts don't notify until `duration_s` has passed. */
    async shelve(id: number, body: ShelveBody, actor: Actor): Promise<AlertRule> {
      load(id);
      const until = clock.now() + body.duration_s * 1000;
      await rules.update(id, {
        shelved_until: until,
        shelved_by: actor.username,
        shelve_reason: body.reason,
        updated_at: clock.now(),
      });
      const row = (await rules.get(id))!;
      await record(actor, 'alert_rule.shelve', row, `for ${body.duration_s} s: ${body.reason}`);
      await changed({ type: 'shelved', rule: row });
      return toAlertRule(row);
    },

    async unshelve(id: number, actor: Actor | null): Promise<AlertRule> {
      load(id);
      await rules.update(id, {
        shelved_until: null,
        shelved_by: null,
        shelve_reason: null,
        updated_at: clock.now(),
      });
      const row = (await rules.get(id))!;
      if (actor) await record(actor, 'alert_rule.unshelve', row, 'shelving ended');
      await changed({ type: 'unshelved', rule: row });
      return toAlertRule(row);
    },

    /** Ends the shelving of rules whose time is up; run periodically. */
    async expireShelves(): Promise<void> {
      for (const id of await rules.expireShelves(clock.now())) {
        const row = await rules.get(id);
        if (row) await changed({ type: 'unshelved', rule: row });
      }
    },
  };
}

export type AlertRuleService = ReturnType<typeof createAlertRuleService>;
