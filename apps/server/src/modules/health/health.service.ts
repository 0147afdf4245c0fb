import type { DeviceHealth, HealthHistory, HealthHistoryQuery, HealthStatus } from '@dtwin/contracts/health';
import type { DeviceModel } from '@dtwin/contracts/models';
import type { Twin } from '@dtwin/contracts/twin';
import type { Clock } from '../../lib/clock';
import type { DomainEvents, EventBus } from '../../lib/domain-events';
import { AppError } from '../../lib/errors';
import type { Logger } from '../../lib/logger';
import type { DevicesService } from '../devices/devices.service';
import type { ModelsService } from '../models/models.service';
import type { TwinService } from '../twin/twin.service';
import type { AnomalyRate } from './anomaly-rate';
import type { HealthWeights } from './health-score';
import { healthTrend } from './health-trend';
import type { HealthRepository } from './health.repository';
import { createDeviceQueue } from '../../analytics/recompute-queue';
import type { RunTask } from '../../analytics/compute-tasks';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export interface HealthServiceDeps {
  repository: HealthRepository;
  devices: Pick<DevicesService, 'get' | 'list'>;
  models: Pick<ModelsService, 'get'>;
  twin: Pick<TwinService, 'get'>;
  /** Runs the computation itself (health-compute.ts), on the analytics thread or in this one. */
  compute: RunTask;
  /** The worst stored failure prediction of a device (7-day probability), for the maintenance component. */
  degradationOf: (
    deviceId: string,
  ) => Promise<{ p7d: number; metric: string | null; rulH: number | null } | null>;
  /** Share of anomalous readings over the last hour; undefined while no detector feeds it. */
  anomalyRate: Pick<AnomalyRate, 'rate'>;
  bus: EventBus<DomainEvents>;
  clock: Clock;
  logger: Pick<Logger, 'warn'>;
  weights: HealthWeights;
  options?: Partial<{
    windowMs: number;
    trendWindowMs: number;
    minIntervalMs: number;
    sweepIntervalMs: number;
    maxPerRun: number;
    historyDays: number;
  }>;
}

/** The interval a device reports at: what it says, else what we asked, else its model's slowest metric. */
export function expectedIntervalMs(model: DeviceModel, twin: Pick<Twin, 'reported' | 'desired'>): number {
  const declared = [twin.reported.properties.sample_interval_s, twin.desired.sample_interval_s].find(
    (v) => typeof v === 'number' && v > 0,
  );
  return (
    (typeof declared === 'number' ? declared : Math.max(...model.metrics.map((m) => m.expected_interval_s))) *
    1000
  );
}

/**
 * Health per device from the last hour of 1-minute rollups (see health-components.ts for each
 * component), recomputed at most every few seconds per device as data arrives and at least every
 * minute (so silence shows up as lost reliability), stored as the latest score and a per-minute
 * history from which the trend is read.
 */
export function createHealthService(deps: HealthServiceDeps) {
  const { repository, devices, models, twin, bus, clock } = deps;
  const o = {
    windowMs: HOUR,
    trendWindowMs: HOUR,
    minIntervalMs: 5000,
    sweepIntervalMs: MINUTE,
    maxPerRun: 50,
    historyDays: 90,
    ...deps.options,
  };

  async function recompute(deviceId: string): Promise<DeviceHealth | null> {
    const now = clock.now();
    const device = await devices.get(deviceId);
    const model = models.get(device.model);
    const state = await twin.get(deviceId);
    const computed = await deps.compute('health', {
      deviceId,
      metrics: model.metrics,
      seen: state.last_seen !== null,
      windowStart: now - o.windowMs,
      createdAt: Date.parse(device.created_at),
      now,
      intervalMs: expectedIntervalMs(model, state),
      anomaly: deps.anomalyRate.rate(deviceId, now) ?? null,
      degradation: await deps.degradationOf(deviceId),
      lastMaintenanceAt: device.last_maintenance_at ? Date.parse(device.last_maintenance_at) : null,
      weights: deps.weights,
    });
    if (!computed) return null;
    const { from, ...result } = computed;
    const past = await repository.history(deviceId, now - o.trendWindowMs, now - (now % MINUTE), 1000);
    const { trend, pointsPerH } = healthTrend([
      ...past.map((p) => ({ ts: p.ts, score: p.score })),
      { ts: now, score: result.score },
    ]);
    const health: DeviceHealth = {
      device_id: deviceId,
      ...result,
      trend,
      trend_points_per_h: pointsPerH,
      computed_at: new Date(now).toISOString(),
      window: { from: new Date(from).toISOString(), to: new Date(now).toISOString() },
      maintenance_mode: device.maintenance_mode,
    };
    const previous = await repository.current(deviceId);
    await repository.save(
      {
        device_id: deviceId,
        score: health.score,
        status: health.status,
        trend,
        detail: JSON.stringify(health),
        computed_at: now,
      },
      {
        ts: now - (now % MINUTE),
        components: JSON.stringify(
          Object.fromEntries(Object.entries(health.components).map(([k, c]) => [k, c.score])),
        ),
      },
    );
    await bus.emit('health.updated', {
      deviceId,
      score: health.score,
      status: health.status,
      previousStatus: (previous?.status as HealthStatus | undefined) ?? null,
      trend,
      computedAt: now,
    });
    return health;
  }

  const queue = createDeviceQueue('health', { devices, clock, logger: deps.logger }, o, recompute);

  return {
    recompute,
    markDirty: queue.markDirty,
    runDue: queue.runDue,
    forget: queue.forget,

    async get(deviceId: string): Promise<DeviceHealth> {
      await devices.get(deviceId);
      const row = await repository.current(deviceId);
      if (!row) throw new AppError('not_found', `no health for '${deviceId}' yet: it has sent no readings`);
      return JSON.parse(row.detail) as DeviceHealth;
    },

    /** The latest health, or null before the first computation. */
    async find(deviceId: string): Promise<DeviceHealth | null> {
      const row = await repository.current(deviceId);
      return row ? (JSON.parse(row.detail) as DeviceHealth) : null;
    },

    async history(deviceId: string, query: HealthHistoryQuery): Promise<HealthHistory> {
      await devices.get(deviceId);
      // [from, to); without `to`, up to and including now.
      const to = query.to ? Date.parse(query.to) : clock.now() + 1;
      const from = query.from ? Date.parse(query.from) : to - DAY;
      if (!(from < to))
        throw new AppError('bad_request', 'from must be before to', {
          fields: { from: 'must be before to' },
        });
      const rows = await repository.history(deviceId, from, to, query.limit);
      return {
        device_id: deviceId,
        from: new Date(from).toISOString(),
        to: new Date(to).toISOString(),
        points: rows.map((r) => ({
          ts: new Date(r.ts).toISOString(),
          score: r.score,
          status: r.status as HealthStatus,
          components: JSON.parse(r.components) as Record<string, number | null>,
        })),
      };
    },

    /** Latest score of every device that has one. */
    fleet: () => repository.allCurrent(),
    hourlyMeans: (from: number, to: number, deviceIds?: readonly string[]) =>
      repository.hourlyMeans(from, to, deviceIds),

    /** Drops history older than the retention (90 days by default). */
    prune: () => repository.deleteHistoryBefore(clock.now() - o.historyDays * DAY),
  };
}

export type HealthService = ReturnType<typeof createHealthService>;
