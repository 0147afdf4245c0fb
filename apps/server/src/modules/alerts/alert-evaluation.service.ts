import type { Clock } from '../../lib/clock';
import type { Reading } from '../../lib/domain-events';
import type { DevicesService } from '../devices/devices.service';
import { createEvaluator, type EvaluatedRule } from './alert-evaluator';
import type { AlertLifecycle } from './alert-lifecycle';
import type { AlertRuleRow } from './alert-rule.repository';
import type { AlertRuleService, RuleChange } from './alert-rule.service';

interface Deps {
  lifecycle: AlertLifecycle;
  rules: Pick<AlertRuleService, 'forMetric' | 'find'>;
  devices: Pick<DevicesService, 'modelOf'>;
  clock: Clock;
  /** Conditions met but not yet held long enough, remembered at most. */
  maxPending?: number;
}

type Rule = AlertRuleRow & EvaluatedRule;
const asRule = (row: AlertRuleRow) => row as Rule;

/**
 * Runs every reading (and every derived signal) through the rules on its metric. Telemetry
 * arrives through `telemetry.stored`; analytics call `evaluate` with their scores
 * (`anomaly_score`, `health_score`, `failure_probability`); connectivity arrives as `offline`.
 */
export function createAlertEvaluationService({ lifecycle, rules, devices, clock, maxPending }: Deps) {
  const evaluator = createEvaluator({ ...(maxPending ? { maxPending } : {}) });
  // A device's model never changes, so it is remembered until the device is deleted.
  const models = new Map<string, string | undefined>();
  const connectivity = new Map<string, number>();

  async function modelOf(deviceId: string) {
    const model = await devices.modelOf(deviceId);
    if (models.size >= 100_000) models.clear();
    if (model !== undefined) models.set(deviceId, model);
    return model;
  }

  /** Whether the rule covers the device; synchronous unless a model must be looked up once. */
  function applies(rule: AlertRuleRow, deviceId: string): boolean | Promise<boolean> {
    // A rule on an asset's computed metric never watches devices (see `evaluateAsset`).
    if (rule.scope_asset_id) return false;
    if (rule.scope_device_id) return rule.scope_device_id === deviceId;
    if (!rule.scope_model) return true;
    const known = models.get(deviceId);
    if (known !== undefined) return known === rule.scope_model;
    return modelOf(deviceId).then((model) => model === rule.scope_model);
  }

  /** Most readings decide nothing or add to an open alert in memory: only raising and clearing wait. */
  function apply(rule: Rule, deviceId: string, value: number, ts: number): Promise<unknown> | undefined {
    const entry = lifecycle.openOf(rule.id, deviceId);
    const decision = evaluator.decide(rule, deviceId, value, ts, entry);
    switch (decision.type) {
      case 'fire':
        return lifecycle.raise(rule, deviceId, value, ts);
      case 'repeat':
      case 'band':
        lifecycle.occur(entry!, value, ts, decision.type === 'repeat');
        return undefined;
      case 'clear':
        return lifecycle.close(entry!, { state: 'cleared', at: ts, value });
      case 'none':
        return undefined;
    }
  }

  async function run(readings: Reading[]) {
    for (const r of readings) {
      for (const row of rules.forMetric(r.metric)) {
        let covered = applies(row, r.deviceId);
        if (typeof covered !== 'boolean') covered = await covered;
        if (!covered) continue;
        const waiting = apply(asRule(row), r.deviceId, r.value, r.ts);
        if (waiting) await waiting;
      }
    }
    await lifecycle.flush();
  }

  async function closeAll(entries: Array<{ id: number; ruleId: number; deviceId: string }>) {
    for (const entry of entries) await lifecycle.close(entry, { state: 'cleared', at: clock.now() });
  }

  function evaluate(
    deviceId: string,
    signal: string,
    value: number,
    ts: number = clock.now(),
  ): Promise<void> {
    if (!Number.isFinite(value)) return Promise.resolve();
    return lifecycle.exclusive(() => run([{ deviceId, metric: signal, value, ts }]));
  }

  return {
    /** Stored readings, in batches; readings of metrics no rule watches cost a map lookup. */
    evaluateReadings(readings: Reading[]): Promise<void> {
      if (!readings.some((r) => rules.forMetric(r.metric).length > 0)) return Promise.resolve();
      return lifecycle.exclusive(() => run(readings));
    },

    /**
     * The entry point for derived signals: `evaluate('PUMP_1', 'anomaly_score', 0.93, ts)`.
     * Any rule on that signal applies, with the same duration, hysteresis and cool-down as for
     * telemetry. `ts` (epoch ms) defaults to now.
     */
    evaluate,

    /**
     * Computed values of an asset: only rules scoped to that asset apply, with the same
     * duration, hysteresis and cool-down; the alert's subject is the asset.
     */
    evaluateAsset(
      assetId: string,
      values: Array<{ metric: string; value: number }>,
      ts: number,
    ): Promise<void> {
      const watched = values.filter(
        (v) =>
          Number.isFinite(v.value) && rules.forMetric(v.metric).some((r) => r.scope_asset_id === assetId),
      );
      if (watched.length === 0) return Promise.resolve();
      return lifecycle.exclusive(async () => {
        for (const v of watched) {
          for (const row of rules.forMetric(v.metric)) {
            if (row.scope_asset_id !== assetId) continue;
            const waiting = apply(asRule(row), assetId, v.value, ts);
            if (waiting) await waiting;
          }
        }
        await lifecycle.flush();
      });
    },

    /** Fires conditions whose duration ran out without a new reading; run every few seconds. */
    checkPending(): Promise<void> {
      return lifecycle.exclusive(async () => {
        const now = clock.now();
        const due = evaluator.due(now, (id) => {
          const row = rules.find(id);
          return row && row.enabled === 1 ? asRule(row) : undefined;
        });
        for (const { rule, deviceId, value } of due) await lifecycle.raise(rule, deviceId, value, now);
        await lifecycle.flush();
      });
    },

    /**
     * The twin's connectivity as the `offline` signal, on changes only: 1 when it went offline,
     * 0 when online. A device never seen is not "offline" (it has not been connected yet).
     */
    async connectivityChanged(deviceId: string, state: string, lastSeen: string | null): Promise<void> {
      const offline = state === 'offline' && lastSeen !== null ? 1 : 0;
      if (connectivity.get(deviceId) === offline) return;
      connectivity.set(deviceId, offline);
      await evaluate(deviceId, 'offline', offline);
    },

    /** A deleted device's open alerts clear, and nothing about it is remembered. */
    deviceDeleted(deviceId: string): Promise<void> {
      return lifecycle.exclusive(async () => {
        evaluator.forgetDevice(deviceId);
        models.delete(deviceId);
        connectivity.delete(deviceId);
        await closeAll(lifecycle.openOfDevice(deviceId));
        lifecycle.forgetDevice(deviceId);
      });
    },

    /**
     * A changed rule starts its durations over; a deleted or disabled one clears its open alerts.
     * Shelving is the alert service's business (and runs inside the queue already).
     */
    ruleChanged(change: RuleChange): Promise<void> {
      if (change.type === 'shelved' || change.type === 'unshelved') return Promise.resolve();
      return lifecycle.exclusive(async () => {
        const rule = change.rule;
        evaluator.forgetRule(rule.id);
        const open = lifecycle.openOfRule(rule.id);
        if (change.type === 'deleted' || rule.enabled !== 1) return closeAll(open);
        // Alerts the changed rule no longer covers (another metric, scope) would never clear.
        for (const entry of open) {
          let covered =
            entry.metric === rule.metric &&
            (rule.scope_asset_id ? rule.scope_asset_id === entry.deviceId : applies(rule, entry.deviceId));
          if (typeof covered !== 'boolean') covered = await covered;
          if (!covered) await closeAll([entry]);
        }
      });
    },

    /** Conditions waiting for their duration (for metrics and tests). */
    get pending() {
      return evaluator.size;
    },
  };
}

export type AlertEvaluationService = ReturnType<typeof createAlertEvaluationService>;
