import type { Clock } from '../../lib/clock';
import type { AlertNotice, DomainEvents, EventBus } from '../../lib/domain-events';
import type { Logger } from '../../lib/logger';
import type { DevicesService } from '../devices/devices.service';
import type { ModelsService } from '../models/models.service';
import { alertMessage, labelOf, type MessageSubject } from './alert-condition';
import { keyOf } from './alert-evaluator';
import type { AlertRuleRow } from './alert-rule.repository';
import { channelIdsOf } from './alert-rule.service';
import type { AlertPatch, AlertRepository, AlertRow } from './alert.repository';
import { severityRank, toAlert } from './alert-view';
import { createConditionFeed, type DeviceCondition } from './alert-condition-feed';

export interface LifecycleDeps {
  alerts: AlertRepository;
  devices: Pick<DevicesService, 'get'>;
  /** The device's model, for the metric's label and unit in messages. */
  models?: Pick<ModelsService, 'find'>;
  bus: EventBus<DomainEvents>;
  clock: Clock;
  logger: Logger;
  /** Told when a device's condition from its alerts changes; the twin shows it unless in maintenance. */
  onConditionChange?: (deviceId: string, condition: DeviceCondition) => void | Promise<void>;
  /** The name of an asset (an alert on its computed metric has the asset as subject); undefined when none. */
  assetName?: (assetId: string) => Promise<string | undefined>;
  /** The unit of an asset's computed metric, for the messages of alerts on it. */
  assetMetricUnit?: (assetId: string, metric: string) => string | undefined;
  /** Alerts of one cause raised within this window share a group (default 60 s). */
  floodWindowMs?: number;
  /** How long a device's maintenance flag is trusted from memory. */
  deviceTtlMs?: number;
}

/** An open alert as evaluation holds it; occurrences gather here and are written once per batch. */
interface OpenEntry {
  id: number;
  ruleId: number;
  deviceId: string;
  metric: string;
  lastTs: number;
  occurrences: number;
  value: number;
  dirty: boolean;
}

/**
 * The one place alerts are opened, updated and closed. Callers run inside `exclusive`, so the
 * in-memory view of open alerts and the database move together; the database's unique
 * `open_key` keeps one open alert per rule and device even across processes.
 */
export function createAlertLifecycle({
  alerts,
  devices,
  models,
  bus,
  clock,
  logger,
  onConditionChange,
  assetName,
  assetMetricUnit,
  floodWindowMs = 60_000,
  deviceTtlMs = 10_000,
}: LifecycleDeps) {
  const open = new Map<string, OpenEntry>();
  const feed = createConditionFeed({ alerts, logger, onConditionChange });
  const refreshCondition = feed.mark;
  const deviceCache = new Map<
    string,
    { exists: boolean; maintenance: boolean; at: number; name?: string; model?: string; asset?: boolean }
  >();
  let queue: Promise<unknown> = Promise.resolve();

  /** `lastTs`: the reading time evaluation has reached for it (older readings are ignored). */
  const remember = (row: AlertRow, lastTs = Number(row.started_at)): OpenEntry => {
    const entry = {
      id: Number(row.id),
      ruleId: Number(row.rule_id),
      deviceId: row.device_id,
      metric: row.metric,
      lastTs,
      occurrences: 0,
      value: row.value,
      dirty: false,
    };
    open.set(keyOf(entry.ruleId, entry.deviceId), entry);
    return entry;
  };

  function occur(entry: OpenEntry, value: number, ts: number, counts: boolean) {
    entry.lastTs = Math.max(entry.lastTs, ts);
    entry.value = value;
    entry.dirty = true;
    if (counts) entry.occurrences += 1;
  }

  async function emit(kind: 'alert.raised' | 'alert.updated', id: number, notice: AlertNotice | null) {
    const row = await alerts.get(id);
    if (row) await bus.emit(kind, { alert: toAlert(row), notice });
  }

  function subjectOf(
    device: { name?: string; model?: string; asset?: boolean },
    deviceId: string,
    metric: string,
  ): MessageSubject {
    const definition = device.model
      ? models?.find(device.model)?.metrics.find((m) => m.name === metric)
      : undefined;
    const unit = device.asset ? assetMetricUnit?.(deviceId, metric) : definition?.unit;
    return {
      deviceName: device.name ?? deviceId,
      label: definition?.label ?? labelOf(metric),
      unit: unit ?? '',
    };
  }

  async function deviceInfo(deviceId: string) {
    const cached = deviceCache.get(deviceId);
    if (cached && clock.now() - cached.at < deviceTtlMs) return cached;
    const device = await devices.get(deviceId).catch(() => undefined);
    const asset = device ? undefined : await assetName?.(deviceId).catch(() => undefined);
    if (asset !== undefined) {
      const info = { exists: true, maintenance: false, at: clock.now(), name: asset, asset: true };
      deviceCache.set(deviceId, info);
      return info;
    }
    const info = {
      exists: device !== undefined,
      maintenance: device?.maintenance_mode ?? false,
      at: clock.now(),
      ...(device ? { name: device.name, model: device.model } : {}),
    };
    deviceCache.set(deviceId, info);
    return info;
  }

  /** The group of a new alert: shared with a recent alert of the same rule elsewhere or the same device. */
  async function floodGroup(ruleId: number, deviceId: string, ts: number): Promise<string | null> {
    const peer = await alerts.floodPeer(ruleId, deviceId, ts - floodWindowMs);
    if (!peer) return null;
    if (peer.group_id) return peer.group_id;
    const groupId = `G${peer.id}`;
    await alerts.update(Number(peer.id), { group_id: groupId });
    await emit('alert.updated', Number(peer.id), null);
    return groupId;
  }

  async function flush(): Promise<void> {
    const dirty = [...open.values()].filter((e) => e.dirty);
    if (dirty.length === 0) return;
    const now = clock.now();
    const updates = dirty.map((e) => ({ id: e.id, count: e.occurrences, value: e.value, at: now }));
    for (const e of dirty) {
      e.dirty = false;
      e.occurrences = 0;
    }
    const still = new Set(await alerts.addOccurrences(updates));
    for (const e of dirty) if (!still.has(e.id)) open.delete(keyOf(e.ruleId, e.deviceId));
    for (const row of await alerts.getMany([...still]))
      await bus.emit('alert.updated', { alert: toAlert(row), notice: null });
  }

  return {
    /** Loads the open alerts; once at start. */
    async init(): Promise<void> {
      for (const row of await alerts.open()) remember(row);
    },

    /** Runs `task` after every task queued before it: evaluation and operator actions never interleave. */
    exclusive<T>(task: () => Promise<T>): Promise<T> {
      const run = queue.then(task, task);
      queue = run.catch(() => undefined);
      return run.finally(feed.pushMarked);
    },

    openOf: (ruleId: number, deviceId: string): OpenEntry | undefined => open.get(keyOf(ruleId, deviceId)),
    openOfRule: (ruleId: number) => [...open.values()].filter((e) => e.ruleId === ruleId),
    openOfDevice: (deviceId: string) => [...open.values()].filter((e) => e.deviceId === deviceId),

    /** One more reading for an open alert: `counts` when it met the condition, else only the value. */
    occur,

    flush,

    /**
     * The condition held long enough: a new alert, or the last one reopened when it cleared
     * less than the rule's cool-down ago (a flapping signal stays one alert, and does not notify
     * again). Devices in maintenance raise nothing.
     */
    async raise(
      rule: AlertRuleRow,
      deviceId: string,
      value: number,
      ts: number,
    ): Promise<'raised' | 'reopened' | 'suppressed' | 'open'> {
      const key = keyOf(Number(rule.id), deviceId);
      const known = open.get(key);
      if (known) {
        occur(known, value, ts, true);
        return 'open';
      }
      const device = await deviceInfo(deviceId);
      if (!device.exists || device.maintenance) return 'suppressed';
      const now = clock.now();
      const shelved = rule.shelved_until !== null && rule.shelved_until > now;
      const shelve = shelved
        ? {
            shelved_until: rule.shelved_until,
            shelved_by: rule.shelved_by,
            shelve_reason: rule.shelve_reason,
          }
        : { shelved_until: null, shelved_by: null, shelve_reason: null };
      const previous = await alerts.latestFor(Number(rule.id), deviceId);
      if (previous?.open_key) {
        occur(remember(previous, ts), value, ts, true);
        return 'open';
      }
      if (
        previous?.state === 'cleared' &&
        previous.cleared_at !== null &&
        ts - previous.cleared_at < rule.cooldown_s * 1000
      ) {
        const state = shelved ? 'shelved' : previous.acknowledged_at !== null ? 'acknowledged' : 'active';
        const patch: AlertPatch = {
          state,
          ...shelve,
          cleared_at: null,
          open_key: key,
          count: previous.count + 1,
          value,
          updated_at: now,
        };
        const reopened = await alerts.update(Number(previous.id), patch).catch((err: unknown) => {
          logger.warn({ err, alert: previous.id }, 'could not reopen an alert (opened elsewhere?)');
          return false;
        });
        if (!reopened) return 'suppressed';
        remember(previous, ts);
        await emit('alert.updated', Number(previous.id), null);
        refreshCondition(deviceId);
        return 'reopened';
      }

      const groupId = await floodGroup(Number(rule.id), deviceId, ts);
      // One notification per flood: a member notifies only when it is more severe than those that did.
      const floodNotified =
        groupId !== null &&
        (await alerts.notifiedSeverities(groupId)).some(
          (s) => severityRank(s) >= severityRank(rule.severity),
        );
      const notify = !shelved && !floodNotified;
      const id = await alerts.insert({
        rule_id: Number(rule.id),
        rule_name: rule.name,
        device_id: deviceId,
        metric: rule.metric,
        severity: rule.severity,
        state: shelved ? 'shelved' : 'active',
        value,
        message: alertMessage(
          { ...rule, operator: rule.operator as never },
          subjectOf(device, deviceId, rule.metric),
          value,
        ),
        count: 1,
        group_id: groupId,
        started_at: ts,
        updated_at: now,
        ...shelve,
        notified_at: notify ? now : null,
        open_key: key,
      });
      if (id === undefined) {
        const existing = await alerts.latestFor(Number(rule.id), deviceId);
        if (existing?.open_key) occur(remember(existing, ts), value, ts, true);
        return 'open';
      }
      remember((await alerts.get(id))!, ts);
      await emit('alert.raised', id, notify ? { kind: 'raise', channelIds: channelIdsOf(rule) } : null);
      refreshCondition(deviceId);
      return 'raised';
    },

    /** Closes an open alert: `cleared` (by its condition, at the reading's time) or `resolved` by someone. */
    async close(
      row: { id: number; ruleId: number; deviceId: string },
      how: { state: 'cleared'; at: number; value?: number } | { state: 'resolved'; by: string | null },
    ) {
      await flush();
      const key = keyOf(row.ruleId, row.deviceId);
      const now = clock.now();
      const patch: AlertPatch =
        how.state === 'cleared'
          ? { state: 'cleared', cleared_at: how.at, ...(how.value !== undefined ? { value: how.value } : {}) }
          : { state: 'resolved', resolved_by: how.by, resolved_at: now };
      const closed = await alerts.update(row.id, { ...patch, open_key: null, updated_at: now }, key);
      open.delete(key);
      if (!closed) return false;
      const stored = await alerts.get(row.id);
      if (stored) await bus.emit('alert.cleared', { alert: toAlert(stored) });
      refreshCondition(row.deviceId);
      return true;
    },

    /** Writes a change to an open alert and tells the bus (acknowledged, shelved, escalated…). */
    async change(id: number, patch: AlertPatch, notice: AlertNotice | null = null): Promise<void> {
      await alerts.update(id, { ...patch, updated_at: clock.now() });
      await emit('alert.updated', id, notice);
    },

    /** Marks a device whose condition may have changed; pushed when the current task ends. */
    refreshCondition,
    /** The condition from the device's alerts: critical, warning or normal. */
    conditionOf: feed.conditionOf,

    /** Maintenance mode changed: trust the new flag, and show the alerts' condition again when it ends. */
    async maintenanceChanged(deviceId: string, maintenance: boolean) {
      deviceCache.set(deviceId, { exists: true, maintenance, at: clock.now() });
      if (!maintenance) await feed.push(deviceId, true);
    },

    forgetDevice(deviceId: string) {
      feed.forget(deviceId);
      deviceCache.delete(deviceId);
    },
  };
}

export type AlertLifecycle = ReturnType<typeof createAlertLifecycle>;
