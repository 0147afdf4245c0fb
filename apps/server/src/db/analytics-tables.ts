import type { Generated } from 'kysely';

/**
 * The analytics' tables (health, predictions, recommendations, anomaly baselines, fleet RUL) and
 * the maintenance log; `Tables` in tables.ts lists them with the rest.
 */

/** Analytics (migration 004): JSON columns are text, times epoch milliseconds. */
export interface HealthCurrentTable {
  device_id: string;
  score: number;
  status: string;
  trend: string;
  detail: string;
  computed_at: number;
}

export interface HealthHistoryTable {
  device_id: string;
  ts: number;
  score: number;
  status: string;
  components: string;
}

export interface PredictionsTable {
  device_id: string;
  metric: string;
  rul_h: number | null;
  p7d: number;
  confidence: number;
  detail: string;
  computed_at: number;
}

export interface RecommendationsTable {
  id: Generated<number>;
  device_id: string;
  key: string;
  type: string;
  title: string;
  action: string;
  urgency: number;
  impact: number;
  feasibility: number;
  cost_effectiveness: number;
  risk_reduction: number;
  score: number;
  priority: string;
  timeframe: string;
  due_at: number | null;
  evidence: string;
  status: string;
  created_at: number;
  updated_at: number;
  status_changed_at: number | null;
  status_changed_by: string | null;
  resolution: string | null;
  absent_since: number | null;
  cleared_at: number | null;
}

/** Migration 006: a device's anomaly detector state (JSON), learned from its stored readings. */
export interface AnomalyBaselinesTable {
  device_id: string;
  state: string;
  readings: number;
  computed_at: number;
}

/** Migration 011: the maintenance log; times are epoch ms. */
export interface DeviceEventsTable {
  id: Generated<number>;
  device_id: string;
  type: string;
  ts: number;
  failure_mode: string | null;
  notes: string | null;
  created_by: string | null;
  created_at: number;
}

/** Migration 011: a fleet RUL model (JSON state) per device model and version. */
export interface FleetModelsTable {
  model_id: string;
  version: number;
  histories: number;
  failures_seen: number;
  state: string;
  trained_at: number;
}

/** Migration 011: a device's latest fleet-model RUL (hours), from `since` (its last repair or install). */
export interface FleetRulEstimatesTable {
  device_id: string;
  model_version: number;
  rul_h: number;
  low_h: number;
  high_h: number;
  since: number;
  computed_at: number;
}
