import { z } from 'zod';
import { assetIdSchema } from './asset-id';
import { healthStatuses } from './health';

const count = z.number().int().min(0);

export const dashboardAlertSchema = z.object({
  id: z.union([z.number(), z.string()]),
  device_id: z.string(),
  severity: z.string(),
  state: z.string(),
  title: z.string(),
  ts: z.iso.datetime(),
});
export type DashboardAlert = z.infer<typeof dashboardAlertSchema>;

export const dashboardSchema = z.object({
  computed_at: z.iso.datetime(),
  health: z.object({
    /** Mean of the latest device scores; null until a device has one. */
    score: z.number().nullable(),
    devices_scored: count,
    status_distribution: z.object(
      Object.fromEntries(healthStatuses.map((s) => [s, count])) as Record<
        (typeof healthStatuses)[number],
        typeof count
      >,
    ),
  }),
  devices: z.object({ total: count, active: count, online: count, offline: count, maintenance: count }),
  condition_distribution: z.object({ normal: count, warning: count, critical: count, maintenance: count }),
  efficiency: z.object({
    /** Mean over devices with an `efficiency` metric of their last hour's mean, in %. */
    mean_pct: z.number().nullable(),
    devices: count,
  }),
  energy: z.object({
    window_h: z.number(),
    /** ∫ power dt over the last 24 h from the 1-minute rollups of every `power` metric (W, kW, MW converted); minutes without readings count as nothing. */
    kwh: z.number(),
    cost: z.number(),
    price_per_kwh: z.number(),
    devices: count,
  }),
  recommendations: z.object({ open: count, critical: count, high: count }),
  recent_alerts: z.array(dashboardAlertSchema),
  /** Hour by hour over the window: mean stored health, mean efficiency, energy used. */
  performance: z.array(
    z.object({
      hour: z.iso.datetime(),
      health: z.number().nullable(),
      efficiency_pct: z.number().nullable(),
      energy_kwh: z.number(),
    }),
  ),
});
export type Dashboard = z.infer<typeof dashboardSchema>;

export const dashboardQuerySchema = z.object({
  /** The KPIs of this asset and everything below it, instead of the whole fleet. */
  asset_id: assetIdSchema.optional(),
});
export type DashboardQuery = z.infer<typeof dashboardQuerySchema>;
