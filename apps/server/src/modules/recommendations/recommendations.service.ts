import type { DeviceHealth } from '@dtwin/contracts/health';
import type { DevicePatterns } from '@dtwin/contracts/patterns';
import type { DevicePredictions } from '@dtwin/contracts/predictions';
import type {
  PatchRecommendationBody,
  Recommendation,
  RecommendationListQuery,
} from '@dtwin/contracts/recommendations';
import type { Clock } from '../../lib/clock';
import type { DomainEvents, EventBus } from '../../lib/domain-events';
import { AppError } from '../../lib/errors';
import type { Logger } from '../../lib/logger';
import type { AlertService } from '../alerts/alert.service';
import type { AuditService } from '../audit/audit.service';
import type { DevicesService } from '../devices/devices.service';
import { createDeviceQueue } from '../../analytics/recompute-queue';
import type { ModelsService } from '../models/models.service';
import type { Actor } from '../users/users.service';
import { detectProblems } from './recommendation-rules';
import { groupSymptoms } from './symptom-grouping';
import { fieldsOf, toRecommendation } from './recommendation-view';
import {
  isUniqueViolation,
  LIVE,
  type RecommendationRow,
  type RecommendationsRepository,
} from './recommendations.repository';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

export interface RecommendationsServiceDeps {
  repository: RecommendationsRepository;
  devices: Pick<DevicesService, 'get' | 'list'>;
  models: Pick<ModelsService, 'get'>;
  healthOf: (deviceId: string) => Promise<DeviceHealth | null>;
  predictionsOf: (deviceId: string) => Promise<DevicePredictions>;
  patternsOf: (deviceId: string) => Promise<DevicePatterns | null>;
  alerts: Pick<AlertService, 'list'>;
  audit: AuditService;
  bus: EventBus<DomainEvents>;
  clock: Clock;
  logger: Pick<Logger, 'warn'>;
  options?: Partial<{
    clearAfterMs: number;
    doneGraceMs: number;
    minIntervalMs: number;
    sweepIntervalMs: number;
    maxPerRun: number;
  }>;
}

const transitions: Record<string, readonly string[]> = {
  open: ['acknowledged', 'done', 'dismissed'],
  acknowledged: ['done', 'dismissed'],
};

/**
 * Recommendations from health, predictions, alerts and patterns (see recommendation-rules.ts).
 * One per device and problem key: a problem seen again updates its live recommendation in place;
 * a dismissed one stays dismissed while its problem lasts; one marked done gets 6 hours for the
 * repair to show before a persisting problem opens a new one. A live recommendation whose problem
 * has not been seen for 10 minutes is closed as `done` by `system`, with the resolution saying so.
 * Devices in maintenance mode are left alone.
 */
export function createRecommendationsService(deps: RecommendationsServiceDeps) {
  const { repository, devices, models, bus, clock, audit } = deps;
  const o = {
    clearAfterMs: 10 * MINUTE,
    doneGraceMs: 6 * HOUR,
    minIntervalMs: 30_000,
    sweepIntervalMs: MINUTE,
    maxPerRun: 50,
    ...deps.options,
  };

  async function emit(id: number, change: DomainEvents['recommendation.changed']['change']) {
    const row = await repository.get(id);
    if (row) await bus.emit('recommendation.changed', { recommendation: toRecommendation(row), change });
  }

  async function problemsOf(deviceId: string, now: number, liveKeys: ReadonlySet<string>) {
    const device = await devices.get(deviceId);
    if (device.maintenance_mode) return null;
    const model = models.get(device.model);
    const predicted = await deps.predictionsOf(deviceId);
    const inputs = {
      now,
      device: { id: device.id, name: device.name },
      model,
      health: await deps.healthOf(deviceId),
      predictions: predicted.predictions,
      fleet: predicted.fleet,
      alerts: (
        await deps.alerts.list({
          state: ['active', 'acknowledged'],
          device_id: deviceId,
          limit: 100,
          offset: 0,
        })
      ).items,
      patterns: null,
    };
    const first = detectProblems(inputs);
    // Patterns only enrich and group: read them when there is something to explain.
    if (first.length === 0) return first;
    const patterns = await deps.patternsOf(deviceId);
    return groupSymptoms(detectProblems({ ...inputs, patterns }), patterns, liveKeys, now);
  }

  async function recompute(deviceId: string): Promise<Recommendation[]> {
    const now = clock.now();
    const rows = await repository.relevant(deviceId);
    const isLive = (r: RecommendationRow | undefined): boolean =>
      r !== undefined && (LIVE as readonly string[]).includes(r.status);
    const latest = new Map<string, RecommendationRow>();
    for (const r of rows) if (!latest.has(r.key)) latest.set(r.key, r);
    const problems = await problemsOf(deviceId, now, new Set(rows.filter(isLive).map((r) => r.key)));
    if (problems === null) return [];
    const seen = new Set<string>();

    for (const p of problems) {
      if (seen.has(p.key)) continue;
      seen.add(p.key);
      // The live recommendation of this problem, or of a symptom now folded into it (it takes the new key).
      const own = latest.get(p.key);
      const row = isLive(own) ? own : ((p.absorbedKeys ?? []).map((k) => latest.get(k)).find(isLive) ?? own);
      const fields = fieldsOf(p);
      if (row && isLive(row)) {
        const material =
          row.key !== p.key ||
          row.type !== fields.type ||
          row.priority !== fields.priority ||
          row.title !== fields.title;
        const changed =
          material ||
          row.action !== fields.action ||
          row.score !== fields.score ||
          row.evidence !== fields.evidence ||
          row.absent_since !== null;
        if (changed) {
          await repository.update(Number(row.id), {
            ...fields,
            key: p.key,
            updated_at: now,
            absent_since: null,
          });
          if (material) await emit(Number(row.id), 'updated');
        }
        seen.add(row.key);
        continue;
      }
      if (row && row.absent_since !== null) await repository.update(Number(row.id), { absent_since: null });
      if (row?.status === 'dismissed') continue;
      if (
        row?.status === 'done' &&
        row.status_changed_by !== 'system' &&
        now - (row.status_changed_at ?? 0) < o.doneGraceMs
      )
        continue;
      try {
        const id = await repository.insert({
          device_id: deviceId,
          key: p.key,
          ...fields,
          status: 'open',
          created_at: now,
          updated_at: now,
          status_changed_at: null,
          status_changed_by: null,
          resolution: null,
          absent_since: null,
          cleared_at: null,
        });
        if (row) await repository.update(Number(row.id), { cleared_at: now });
        await emit(id, 'created');
      } catch (err) {
        // Another worker opened it at the same moment: the database kept one.
        if (!isUniqueViolation(err)) throw err;
      }
    }

    for (const row of latest.values()) {
      if (seen.has(row.key)) continue;
      if (row.absent_since === null) {
        await repository.update(Number(row.id), { absent_since: now });
        continue;
      }
      if (now - row.absent_since < o.clearAfterMs) continue;
      if ((LIVE as readonly string[]).includes(row.status)) {
        const resolution = `closed automatically: the condition has not been seen since ${new Date(row.absent_since).toISOString()}`;
        if (
          await repository.changeStatus(Number(row.id), row.status, {
            status: 'done',
            status_changed_at: now,
            status_changed_by: 'system',
            resolution,
            cleared_at: now,
            updated_at: now,
          })
        ) {
          await emit(Number(row.id), 'closed');
        }
      } else {
        await repository.update(Number(row.id), { cleared_at: now });
      }
    }
    return (await repository.relevant(deviceId))
      .filter((r) => (LIVE as readonly string[]).includes(r.status))
      .map(toRecommendation);
  }

  const queue = createDeviceQueue('recommendations', { devices, clock, logger: deps.logger }, o, recompute);

  return {
    recompute,
    markDirty: queue.markDirty,
    runDue: queue.runDue,
    forget: queue.forget,

    async list(query: RecommendationListQuery): Promise<{ items: Recommendation[]; total: number }> {
      const { items, total } = await repository.list(query);
      return { items: items.map(toRecommendation), total };
    },

    async get(id: number): Promise<Recommendation> {
      const row = await repository.get(id);
      if (!row) throw new AppError('not_found', `no recommendation ${id}`);
      return toRecommendation(row);
    },

    /** open → acknowledged → done or dismissed; anything else is a conflict. Audited. */
    async setStatus(id: number, body: PatchRecommendationBody, actor: Actor): Promise<Recommendation> {
      const row = await repository.get(id);
      if (!row) throw new AppError('not_found', `no recommendation ${id}`);
      if (!(transitions[row.status] ?? []).includes(body.status)) {
        throw new AppError('conflict', `a recommendation that is ${row.status} cannot become ${body.status}`);
      }
      const now = clock.now();
      const resolution =
        body.status === 'acknowledged'
          ? null
          : (body.note ?? `${body.status} by ${actor.username ?? 'unknown'}`);
      if (
        !(await repository.changeStatus(id, row.status, {
          status: body.status,
          status_changed_at: now,
          status_changed_by: actor.username,
          resolution,
          updated_at: now,
        }))
      ) {
        throw new AppError('conflict', 'the recommendation changed meanwhile; reload and try again');
      }
      await audit.record({
        actor: actor.username,
        ip: actor.ip,
        action: 'recommendation.status',
        target: `${id} (${row.device_id}: ${row.key})`,
        outcome: 'success',
        detail: `${row.status} → ${body.status}${body.note ? `: ${body.note}` : ''}`,
      });
      await emit(id, 'status');
      return this.get(id);
    },

    /** Live recommendations by priority, for the dashboard. */
    liveCounts: (deviceIds?: readonly string[]) => repository.liveCounts(deviceIds),
  };
}

export type RecommendationsService = ReturnType<typeof createRecommendationsService>;
