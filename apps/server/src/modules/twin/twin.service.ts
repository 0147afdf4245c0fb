import type { DeviceModel } from '@dtwin/contracts/models';
import type { PropertyValue, Twin } from '@dtwin/contracts/twin';
import type { Executor } from '../../db/database';
import type { Clock } from '../../lib/clock';
import type { DomainEvents, EventBus, Reading } from '../../lib/domain-events';
import { AppError } from '../../lib/errors';
import type { AuditService } from '../audit/audit.service';
import type { DevicesService } from '../devices/devices.service';
import type { ModelsService } from '../models/models.service';
import type { Actor } from '../users/users.service';
import { checkDesired, deltaOf } from './desired-properties';
import { readingCondition, worseOf, type AlertCondition } from './reading-condition';
import { createTwinRepository, type TwinRepository, type TwinRow } from './twin.repository';

type Metrics = Record<string, { value: number; ts: number }>;

interface Deps {
  twins: TwinRepository;
  devices: DevicesService;
  models: ModelsService;
  audit: AuditService;
  bus: EventBus<DomainEvents>;
  clock: Clock;
}

/** A device is offline once this many of its reporting intervals pass without a reading. */
export const MISSED_INTERVALS = 3;

export const etagOf = (version: number) => `W/"${version}"`;

function mergeMetrics(stored: Metrics, fresh: Metrics): Metrics {
  const merged = { ...stored };
  for (const [name, m] of Object.entries(fresh))
    if (!merged[name] || merged[name].ts <= m.ts) merged[name] = m;
  return merged;
}

/** The interval a device reports at: what it says, else what we asked, else its model's. */
export function reportingIntervalMs(
  model: DeviceModel,
  row: Pick<TwinRow, 'reported_properties' | 'desired'>,
): number {
  const reported = JSON.parse(row.reported_properties) as Record<string, PropertyValue>;
  const desired = JSON.parse(row.desired) as Record<string, PropertyValue>;
  const declared = [reported.sample_interval_s, desired.sample_interval_s].find(
    (v) => typeof v === 'number' && v > 0,
  );
  const fallback = Math.max(...model.metrics.map((m) => m.expected_interval_s));
  return (typeof declared === 'number' ? declared : fallback) * 1000;
}

/**
 * Writes a new device's twin in the transaction that writes the device, so that no device exists
 * without one: the devices module calls it through its `createTwin` dependency. A function of
 * the transaction rather than a method, because the twin service is built on the database, after
 * the devices service it depends on.
 */
export function createTwinRow(
  trx: Executor,
  deviceId: string,
  { maintenance }: { maintenance: boolean },
): Promise<void> {
  return createTwinRepository(trx).create(deviceId, maintenance ? 'maintenance' : 'normal');
}

export function createTwinService({ twins, devices, models, audit, bus, clock }: Deps) {
  // Latest values seen by this process and not yet written: the hot path touches memory only.
  const pending = new Map<string, { metrics: Metrics; lastSeen: number }>();
  const online = new Set<string>();

  async function load(deviceId: string): Promise<TwinRow> {
    const row = await twins.get(deviceId);
    if (!row) throw new AppError('not_found', `no device '${deviceId}'`);
    return row;
  }

  function toTwin(row: TwinRow): Twin {
    const waiting = pending.get(row.device_id);
    const metrics = mergeMetrics(JSON.parse(row.reported_metrics) as Metrics, waiting?.metrics ?? {});
    const reported = JSON.parse(row.reported_properties) as Record<string, PropertyValue>;
    const desired = JSON.parse(row.desired) as Record<string, PropertyValue>;
    const lastSeen = Math.max(row.last_seen ?? 0, waiting?.lastSeen ?? 0);
    return {
      device_id: row.device_id,
      reported: {
        metrics: Object.fromEntries(
          Object.entries(metrics).map(([k, m]) => [k, { value: m.value, ts: new Date(m.ts).toISOString() }]),
        ),
        properties: reported,
      },
      desired,
      delta: deltaOf(desired, reported),
      version: row.version,
      connectivity: waiting ? 'online' : (row.connectivity as Twin['connectivity']),
      condition: row.condition as Twin['condition'],
      last_seen: lastSeen ? new Date(lastSeen).toISOString() : null,
    };
  }

  const get = async (deviceId: string) => toTwin(await load(deviceId));

  async function combinedCondition(row: TwinRow, alertCondition: AlertCondition): Promise<AlertCondition> {
    const model = models.find((await devices.get(row.device_id)).model);
    const waiting = pending.get(row.device_id)?.metrics ?? {};
    const latest = mergeMetrics(JSON.parse(row.reported_metrics) as Metrics, waiting);
    return model ? worseOf(alertCondition, readingCondition(model, latest)) : alertCondition;
  }

  /**
   * Flushes and offline marks run one after another: a flush writing `online` for a batch it took
   * earlier must not land after an offline mark made meanwhile.
   */
  let writing: Promise<unknown> = Promise.resolve();
  function serially<T>(task: () => Promise<T>): Promise<T> {
    const run = writing.then(task, task);
    writing = run.catch(() => undefined);
    return run;
  }

  /** Folds observed values into the stored twins; returns the devices announced (condition changed). */
  async function save(
    batch: Array<[string, { metrics: Metrics; lastSeen: number }]>,
    connectivity: 'online' | 'offline',
  ): Promise<Set<string>> {
    const announced = new Set<string>();
    if (batch.length === 0) return announced;
    const saved = await twins.saveReported(
      batch.map(([deviceId, p]) => ({
        deviceId,
        lastSeen: p.lastSeen,
        connectivity,
        merge: (stored) => JSON.stringify(mergeMetrics(JSON.parse(stored) as Metrics, p.metrics)),
      })),
    );
    for (const row of saved) {
      if (row.condition === 'maintenance') continue;
      const model = models.find(row.model_id);
      if (!model) continue;
      const condition = worseOf(
        row.alert_condition as AlertCondition,
        readingCondition(model, JSON.parse(row.metrics) as Metrics),
      );
      if (condition === row.condition) continue;
      await twins.setCondition(row.deviceId, condition);
      await bus.emit('twin.changed', { twin: await get(row.deviceId) });
      announced.add(row.deviceId);
    }
    return announced;
  }

  return {
    get,

    /** Called after readings are committed: the twin follows the newest value of each metric. */
    observe(readings: Reading[]): string[] {
      const cameOnline: string[] = [];
      const now = clock.now();
      for (const r of readings) {
        let entry = pending.get(r.deviceId);
        if (!entry) pending.set(r.deviceId, (entry = { metrics: {}, lastSeen: now }));
        entry.lastSeen = now;
        const current = entry.metrics[r.metric];
        if (!current || current.ts <= r.ts) entry.metrics[r.metric] = { value: r.value, ts: r.ts };
        if (!online.has(r.deviceId)) {
          online.add(r.deviceId);
          cameOnline.push(r.deviceId);
        }
      }
      return cameOnline;
    },

    /**
     * Writes what `observe` gathered; run every second or so and at shutdown. A device whose
     * latest readings left (or came back into) its model's ranges changes condition.
     */
    flush: () =>
      serially(async () => {
        const batch = [...pending.entries()];
        pending.clear();
        await save(batch, 'online');
      }),

    /** Marks devices offline after MISSED_INTERVALS silent intervals; returns the ones that changed. */
    async checkConnectivity(): Promise<string[]> {
      const now = clock.now();
      const wentOffline: string[] = [];
      for (const row of await twins.all()) {
        if (pending.has(row.device_id)) continue;
        if (row.connectivity === 'online') online.add(row.device_id);
        const model = models.find(row.model_id);
        if (!model || row.connectivity !== 'online' || row.last_seen === null) continue;
        if (now - row.last_seen > MISSED_INTERVALS * reportingIntervalMs(model, row)) {
          await twins.setConnectivity(row.device_id, 'offline');
          online.delete(row.device_id);
          wentOffline.push(row.device_id);
        }
      }
      for (const id of wentOffline) await bus.emit('twin.changed', { twin: await get(id) });
      return wentOffline;
    },

    /**
     * Devices a connector saw go away (a Sparkplug death): offline now, not after silent
     * intervals. Readings observed before the death are still written to the twin; one observed
     * after it brings the device back online at the next flush.
     */
    markOffline(deviceIds: string[]): Promise<void> {
      // Taken at the call, before any await: no reading can slip in between and be dropped, and
      // one observed from now on is newer than the death.
      const taken = deviceIds.map((id) => {
        const waiting = pending.get(id);
        pending.delete(id);
        online.delete(id);
        return [id, waiting] as const;
      });
      return serially(async () => {
        for (const [id, waiting] of taken) {
          let announced = false;
          if (waiting) announced = (await save([[id, waiting]], 'offline')).has(id);
          else {
            const row = await twins.get(id);
            if (!row || row.connectivity === 'offline') continue;
            await twins.setConnectivity(id, 'offline');
          }
          if (!announced) await bus.emit('twin.changed', { twin: await get(id) });
        }
      });
    },

    async patchDesired(
      deviceId: string,
      patch: Record<string, PropertyValue | null>,
      ifMatch: string | undefined,
      actor: Actor,
    ): Promise<Twin> {
      const row = await load(deviceId);
      if (ifMatch !== undefined && ifMatch !== etagOf(row.version) && ifMatch !== '*') {
        throw new AppError(
          'precondition_failed',
          `the twin changed since you read it (now version ${row.version}); reload and try again`,
        );
      }
      const model = models.get((await devices.get(deviceId)).model);
      const problems = checkDesired(model, patch);
      if (Object.keys(problems).length > 0) {
        throw new AppError(
          'validation_failed',
          Object.entries(problems)
            .map(([f, m]) => `${f} ${m}`)
            .join('; '),
          { fields: problems },
        );
      }
      const desired = { ...(JSON.parse(row.desired) as Record<string, PropertyValue>) };
      for (const [name, value] of Object.entries(patch)) {
        if (value === null) delete desired[name];
        else desired[name] = value;
      }
      if (!(await twins.setDesired(deviceId, JSON.stringify(desired), row.version))) {
        throw new AppError(
          'precondition_failed',
          'someone else changed the desired state at the same moment; reload and try again',
        );
      }
      const twin = await get(deviceId);
      await audit.record({
        actor: actor.username,
        ip: actor.ip,
        action: 'twin.desired',
        target: deviceId,
        outcome: 'success',
        detail: `version ${twin.version}: ${JSON.stringify(patch)}`,
      });
      await bus.emit('twin.desired_changed', {
        deviceId,
        message: { version: twin.version, desired: twin.desired },
      });
      await bus.emit('twin.changed', { twin });
      return twin;
    },

    /** Properties a device reports (devices/{id}/reported); unknown names are refused, the rest kept. */
    async reportProperties(
      deviceId: string,
      properties: Record<string, PropertyValue>,
    ): Promise<{ accepted: string[]; rejected: string[] }> {
      const row = await load(deviceId);
      const model = models.get((await devices.get(deviceId)).model);
      const known = new Set(model.properties.map((p) => p.name));
      const accepted = Object.keys(properties).filter((name) => known.has(name));
      const rejected = Object.keys(properties).filter((name) => !known.has(name));
      if (accepted.length > 0) {
        const merged = { ...(JSON.parse(row.reported_properties) as Record<string, PropertyValue>) };
        for (const name of accepted) merged[name] = properties[name]!;
        await twins.setReportedProperties(deviceId, JSON.stringify(merged));
        await bus.emit('twin.changed', { twin: await get(deviceId) });
      }
      return { accepted, rejected };
    },

    async setMaintenance(deviceId: string, maintenance: boolean): Promise<void> {
      const row = await twins.get(deviceId);
      await twins.setCondition(
        deviceId,
        maintenance || !row
          ? 'maintenance'
          : await combinedCondition(row, row.alert_condition as AlertCondition),
      );
      await bus.emit('twin.changed', { twin: await get(deviceId) });
    },

    /**
     * The condition from the device's active alerts; the one shown is the worse of it and the
     * latest readings against the model's ranges. Maintenance mode wins over both.
     */
    async setAlertCondition(deviceId: string, alertCondition: AlertCondition): Promise<void> {
      const row = await twins.get(deviceId);
      if (!row) return;
      const condition =
        row.condition === 'maintenance' ? 'maintenance' : await combinedCondition(row, alertCondition);
      if (row.condition === condition && row.alert_condition === alertCondition) return;
      await twins.setCondition(deviceId, condition, alertCondition);
      if (row.condition !== condition) await bus.emit('twin.changed', { twin: await get(deviceId) });
    },

    /** The desired state of every device that has one, to publish (retained) when the broker starts. */
    async allDesired(): Promise<
      Array<{ deviceId: string; version: number; desired: Record<string, PropertyValue> }>
    > {
      return (await twins.all())
        .filter((row) => row.version > 0)
        .map((row) => ({
          deviceId: row.device_id,
          version: row.version,
          desired: JSON.parse(row.desired) as Record<string, PropertyValue>,
        }));
    },

    forget(deviceId: string): void {
      pending.delete(deviceId);
      online.delete(deviceId);
    },
  };
}

export type TwinService = ReturnType<typeof createTwinService>;
