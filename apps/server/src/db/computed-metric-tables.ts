import type { Generated } from 'kysely';

/**
 * Migration 015: metrics computed from an asset's subtree by an expression; migration 019:
 * or from a device's own metrics (exactly one of `asset_id` and `device_id` is set).
 */
export interface ComputedMetricsTable {
  id: Generated<number>;
  asset_id: string | null;
  device_id: string | null;
  name: string;
  unit: string;
  expression: string;
  created_by: string | null;
  created_at: number;
}

/** Their values over time: one row per metric and time (a re-evaluation at the same time replaces it). */
export interface ComputedReadingsTable {
  metric_id: number;
  ts: number;
  value: number;
}
