import type { Dashboard, DashboardAlert } from '@dtwin/contracts/dashboard';
import { healthStatuses, type HealthStatus } from '@dtwin/contracts/health';
import type { Device } from '@dtwin/contracts/devices';
import type { Clock } from '../../lib/clock';
import type { AlertService } from '../alerts/alert.service';
import type { DevicesService } from '../devices/devices.service';
import type { HealthService } from '../health/health.service';
import type { RunTask } from '../../analytics/compute-tasks';
import type { ModelsService } from '../models/models.service';
import type { RecommendationsService } from '../recommendations/recommendations.service';
import type { DashboardDevice } from './dashboard-series';
import { kilowattsPer } from './energy';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const WINDOW_H = 24;

export interface DashboardServiceDeps {
  devices: Pick<DevicesService, 'list'>;
  models: Pick<ModelsService, 'find'>;
  health: Pick<HealthService, 'fleet' | 'hourlyMeans'>;
  recommendations: Pick<RecommendationsService, 'liveCounts'>;
  /** Runs the aggregation over the devices' rollups (dashboard-series.ts), on the analytics thread or in this one. */
  compute: RunTask;
  alerts: Pick<AlertService, 'list' | 'newestOf'>;
  clock: Clock;
  pricePerKwh: number;
  cacheMs?: number;
}

const round = (v: number, d = 3) => Math.round(v * 10 ** d) / 10 ** d;
const mean = (xs: readonly number[]) => (xs.length === 0 ? null : xs.reduce((a, b) => a + b, 0) / xs.length);

async function allDevices(devices: DashboardServiceDeps['devices'], assetId?: string): Promise<Device[]> {
  const out: Device[] = [];
  for (let offset = 0; ; offset += 1000) {
    const page = await devices.list({
      sort: 'id',
      limit: 1000,
      offset,
      ...(assetId ? { asset_id: assetId } : {}),
    });
    out.push(...page.items);
    if (page.items.length < 1000) return out;
  }
}

/** The newest alerts (any state), newest first, as the dashboard lists them. */
async function recentAlertsOf(
  alerts: DashboardServiceDeps['alerts'],
  limit: number,
  deviceIds?: readonly string[],
): Promise<DashboardAlert[]> {
  const newest = deviceIds
    ? await alerts.newestOf(deviceIds, limit)
    : (await alerts.list({ limit, offset: 0 })).items;
  return newest.map((a) => ({
    id: a.id,
    device_id: a.device_id,
    severity: a.severity,
    state: a.state,
    // The rule names the alert; the message says what happened ("Temperature 98 °C on … is above 95 °C").
    title: `${a.rule_name}: ${a.message}`,
    ts: a.started_at,
  }));
}

/**
 * Fleet KPIs from stored data only: the latest health scores, the devices' twins, the rollups of
 * `efficiency` and `power` metrics over the last 24 hours, the live recommendations and the
 * newest alerts. Kept for a few seconds, since every open dashboard asks for it.
 */
export function createDashboardService(deps: DashboardServiceDeps) {
  const { devices, models, health, clock } = deps;
  const cacheMs = deps.cacheMs ?? 5000;
  // One entry for the fleet and one per asset looked at lately (bounded).
  const cached = new Map<string, { at: number; value: Dashboard }>();
  const MAX_CACHED = 64;

  /** The fleet's KPIs, or those of one asset's subtree (`assetId`). */
  async function compute(assetId?: string): Promise<Dashboard> {
    const now = clock.now();
    const from = now - WINDOW_H * HOUR;
    const fleet = await allDevices(devices, assetId);
    const ids = new Set(fleet.map((d) => d.id));
    const scope = assetId ? [...ids] : undefined;
    const scores = (await health.fleet()).filter((s) => ids.has(s.device_id));
    const distribution = Object.fromEntries(healthStatuses.map((s) => [s, 0])) as Record<
      HealthStatus,
      number
    >;
    for (const s of scores) if (s.status in distribution) distribution[s.status as HealthStatus] += 1;

    const conditions = { normal: 0, warning: 0, critical: 0, maintenance: 0 };
    for (const d of fleet) conditions[d.condition] += 1;

    const hours: number[] = [];
    for (let h = Math.floor(from / HOUR) * HOUR; h <= now; h += HOUR) hours.push(h);
    const reads: DashboardDevice[] = [];
    for (const d of fleet) {
      const model = models.find(d.model);
      if (!model) continue;
      const power = model.metrics.find((m) => m.name === 'power');
      const kwPerUnit = power ? kilowattsPer(power.unit) : null;
      const efficiency = model.metrics.find((m) => m.name === 'efficiency');
      if (!(power && kwPerUnit !== null) && !efficiency) continue;
      reads.push({
        id: d.id,
        power: power && kwPerUnit !== null ? { name: power.name, unit: power.unit, kwPerUnit } : null,
        efficiency: efficiency ? { name: efficiency.name, unit: efficiency.unit } : null,
      });
    }
    // Only the whole fleet says which devices are gone; a subtree leaves the others' caches be.
    const series = await deps.compute('dashboard', { from, now, devices: reads, wholeFleet: !assetId });
    const { kwh, powerDevices, efficiencyNow } = series;
    const energyByHour = new Map(series.energyByHour);
    const efficiencyByHour = new Map(series.efficiencyByHour);
    const healthByHour = new Map(
      (await health.hourlyMeans(hours[0] ?? from, now + 1, scope)).map((r) => [r.hour, r.mean]),
    );
    const counts = await deps.recommendations.liveCounts(scope);
    const fleetScore = mean(scores.map((s) => s.score));
    const efficiencyMean = mean(efficiencyNow);

    return {
      computed_at: new Date(now).toISOString(),
      health: {
        score: fleetScore === null ? null : round(fleetScore, 1),
        devices_scored: scores.length,
        status_distribution: distribution,
      },
      devices: {
        total: fleet.length,
        active: fleet.filter((d) => d.connectivity === 'online').length,
        online: fleet.filter((d) => d.connectivity === 'online').length,
        offline: fleet.filter((d) => d.connectivity === 'offline').length,
        maintenance: fleet.filter((d) => d.maintenance_mode).length,
      },
      condition_distribution: conditions,
      efficiency: {
        mean_pct: efficiencyMean === null ? null : round(efficiencyMean, 2),
        devices: efficiencyNow.length,
      },
      energy: {
        window_h: WINDOW_H,
        kwh: round(kwh),
        cost: round(kwh * deps.pricePerKwh, 2),
        price_per_kwh: deps.pricePerKwh,
        devices: powerDevices,
      },
      recommendations: {
        open: Object.values(counts).reduce((a, b) => a + b, 0),
        critical: counts.critical ?? 0,
        high: counts.high ?? 0,
      },
      recent_alerts: await recentAlertsOf(deps.alerts, 10, scope),
      performance: hours.map((h) => {
        const healthMean = healthByHour.get(h);
        const eff = mean(efficiencyByHour.get(h) ?? []);
        return {
          hour: new Date(h).toISOString(),
          health: healthMean === undefined ? null : round(healthMean, 1),
          efficiency_pct: eff === null ? null : round(eff, 2),
          energy_kwh: round(energyByHour.get(h) ?? 0),
        };
      }),
    };
  }

  return {
    /** `assetId`: the KPIs of that asset's subtree (not_found for an unknown asset). */
    async get(scope: { assetId?: string } = {}): Promise<Dashboard> {
      const now = clock.now();
      const key = scope.assetId ?? '';
      const hit = cached.get(key);
      if (hit && now - hit.at < cacheMs) return hit.value;
      const value = await compute(scope.assetId);
      cached.delete(key);
      if (cached.size >= MAX_CACHED) cached.delete(cached.keys().next().value ?? '');
      cached.set(key, { at: now, value });
      return value;
    },
  };
}

export type DashboardService = ReturnType<typeof createDashboardService>;
