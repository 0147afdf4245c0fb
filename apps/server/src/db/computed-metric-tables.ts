import type { Generated } from 'kysely';

/** Migration 015: metrics computed from an asset's subtree by an expression. */
export interface ComputedMetricsTable {
  id: Generated<number>;
  asset_id: string;
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
