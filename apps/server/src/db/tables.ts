import type { ColumnType, Generated } from 'kysely';
import type { DeviceCommandsTable } from './command-tables';
import type {
  HealthCurrentTable,
  HealthHistoryTable,
  PredictionsTable,
  RecommendationsTable,
  AnomalyBaselinesTable,
  DeviceEventsTable,
  FleetModelsTable,
  FleetRulEstimatesTable,
} from './analytics-tables';
import type { ComputedMetricsTable, ComputedReadingsTable } from './computed-metric-tables';

/** A column with a default in the schema: optional on insert. */
type Defaulted<T> = ColumnType<T, T | undefined, T>;

/** Times are epoch milliseconds; booleans are 0/1 so both dialects store them alike. */
export interface UsersTable {
  id: Generated<number>;
  username: string;
  /** NFKC, lower case: unique (lib/username-key.ts). */
  username_key: string | null;
  password_hash: string;
  email_enc: string | null;
  /** Keyed hash of the normalised e-mail: unique; null until the server fills it at start. */
  email_hash: string | null;
  role: string;
  disabled: number;
  tokens_valid_after: number;
  created_at: number;
  last_login_at: number | null;
}

export interface AccessTokensTable {
  jti: string;
  user_id: number | null;
  username: string;
  expires_at: number;
  revoked_at: number | null;
}

export interface AuditLogTable {
  id: Generated<number>;
  ts: number;
  actor: string | null;
  ip: string | null;
  action: string;
  target: string | null;
  outcome: string;
  detail: string | null;
}

export interface SettingsTable {
  key: string;
  value: string;
}

/** JSON columns are text in both dialects: `metrics`, `properties`, `tags`, the twin's maps. */
export interface DeviceModelsTable {
  id: string;
  name: string;
  description: string;
  category: string;
  metrics: string;
  properties: string;
  /** Since migration 016. */
  commands: Defaulted<string>;
  builtin: number;
  created_at: number;
  updated_at: number;
}

export interface DevicesTable {
  id: string;
  name: string;
  model_id: string;
  site: Defaulted<string>;
  zone: Defaulted<string>;
  x: number | null;
  y: number | null;
  manufacturer: string | null;
  model_number: string | null;
  firmware: string | null;
  installed_at: string | null;
  last_maintenance_at: string | null;
  tags: Defaulted<string>;
  maintenance_mode: Defaulted<number>;
  /** Migration 014: the asset the device belongs to. */
  asset_id: Defaulted<string | null>;
  token_hash: string;
  created_at: number;
  updated_at: number;
}

export interface TwinsTable {
  device_id: string;
  reported_metrics: string;
  reported_properties: string;
  desired: string;
  version: number;
  last_seen: number | null;
  connectivity: string;
  condition: string;
  /** The condition from active alerts alone; `condition` also weighs the latest readings. */
  alert_condition: Generated<string>;
}

export interface AlertCommentsTable {
  id: Generated<number>;
  alert_id: number;
  author: string;
  body: string;
  created_at: number;
}

export interface ReportSchedulesTable {
  id: Generated<number>;
  name: string;
  device_id: string | null;
  /** Migration 020: a fleet report narrowed to this asset's subtree (cleared when it is deleted). */
  asset_id: Defaulted<string | null>;
  period_days: number;
  format: string;
  frequency: string;
  time_of_day: string;
  weekday: number | null;
  day_of_month: number | null;
  time_zone: string;
  channel_id: number;
  enabled: number;
  next_run_at: number;
  created_by: string;
  created_at: number;
}

export interface ReportRunsTable {
  id: Generated<number>;
  schedule_id: number;
  started_at: number;
  finished_at: number | null;
  status: string;
  report_id: string | null;
  error: string | null;
}

export interface SeriesTable {
  id: Generated<number>;
  device_id: string;
  metric: string;
}

export interface ReadingsTable {
  series_id: number;
  ts: number;
  value: number;
}

/**
 * A row of `rollups_1m` or `rollups_1h`: the aggregate of one series' readings in the bucket
 * starting at `bucket`, `last` being the value at `last_ts`, the newest timestamp. The telemetry
 * module uses this shape for the increments it adds to those rows too, so it is declared once.
 */
export interface RollupsTable {
  series_id: number;
  bucket: number;
  min: number;
  max: number;
  sum: number;
  count: number;
  last: number;
  last_ts: number;
}

/** Minutes whose rollups are still in memory (007-rollup-pending). */
export interface RollupPendingTable {
  bucket: number;
}

/** Alert rules (003-alerts); `channel_ids` is a JSON array of channel ids. */
export interface AlertRulesTable {
  id: Generated<number>;
  name: string;
  description: Defaulted<string>;
  scope_device_id: string | null;
  scope_model: string | null;
  /** Migration 015: a rule on one asset's computed metric (then no device or model scope). */
  scope_asset_id: Defaulted<string | null>;
  metric: string;
  operator: string;
  threshold: number;
  threshold_high: number | null;
  duration_s: number;
  severity: string;
  hysteresis: number;
  cooldown_s: number;
  enabled: number;
  channel_ids: Defaulted<string>;
  builtin: Defaulted<number>;
  shelved_until: number | null;
  shelved_by: string | null;
  shelve_reason: string | null;
  created_at: number;
  updated_at: number;
}

export interface AlertDefaultsTable {
  key: string;
  installed_at: number;
}

export interface AlertsTable {
  id: Generated<number>;
  rule_id: number;
  rule_name: string;
  device_id: string;
  metric: string;
  severity: string;
  state: string;
  value: number;
  message: string;
  count: number;
  group_id: string | null;
  started_at: number;
  updated_at: number;
  cleared_at: number | null;
  acknowledged_by: string | null;
  acknowledged_at: number | null;
  resolved_by: string | null;
  resolved_at: number | null;
  shelved_until: number | null;
  shelved_by: string | null;
  shelve_reason: string | null;
  notified_at: number | null;
  escalated_at: number | null;
  open_key: string | null;
}

/** `settings` is the channel's non-secret JSON; `secret_enc` a Fernet token of its secrets. */
export interface NotificationChannelsTable {
  id: Generated<number>;
  name: string;
  type: string;
  min_severity: string;
  enabled: number;
  settings: Defaulted<string>;
  secret_enc: string | null;
  secret_hint: string | null;
  created_at: number;
  updated_at: number;
}

export interface NotificationsTable {
  id: Generated<number>;
  alert_id: number | null;
  channel_id: number;
  channel_name: string;
  channel_type: string;
  kind: string;
  severity: string;
  subject: string;
  message: string;
  status: string;
  attempt: number;
  error: string | null;
  scheduled_at: number;
  attempted_at: number | null;
  created_at: number;
}

/** The job queue (005-jobs): JSON `payload` and `result`; times in epoch ms. */
export interface JobsTable {
  id: string;
  type: string;
  payload: string;
  status: string;
  progress: Defaulted<number>;
  result: string | null;
  error: string | null;
  attempts: Defaulted<number>;
  max_attempts: number;
  run_at: number;
  locked_by: string | null;
  lease_until: number | null;
  unique_key: string | null;
  created_by: string | null;
  created_at: number;
  updated_at: number;
  started_at: number | null;
  finished_at: number | null;
}

/** Rendered reports (005-jobs); `device_id` is null for a fleet report. */
export interface ReportsTable {
  id: string;
  job_id: string | null;
  device_id: string | null;
  /** Migration 014: a fleet report narrowed to an asset's subtree. */
  asset_id: Defaulted<string | null>;
  period_from: number;
  period_to: number;
  format: string;
  file_name: string;
  content_type: string;
  size: number;
  content: Buffer;
  created_by: string | null;
  created_at: number;
}

/** Migration 012: dashboards people build; `variables` and `widgets` are JSON, `shared` 0/1. */
export interface DashboardsTable {
  id: string;
  name: string;
  owner: string;
  shared: number;
  time_range: string;
  variables: string;
  widgets: string;
  created_at: number;
  updated_at: number;
}

export interface DashboardHomesTable {
  user_id: number;
  dashboard_id: string;
}

/** Migration 014: the plant's hierarchy; `properties` (object) and `tags` (array) are JSON. */
export interface AssetsTable {
  id: string;
  name: string;
  type: string;
  parent_id: string | null;
  properties: string;
  tags: string;
  created_at: number;
  updated_at: number;
}

/** Connectors: `config` and `mappings` are JSON; `secret_enc` a Fernet token of the secrets. */
export interface ConnectorsTable {
  id: string;
  type: string;
  enabled: number;
  config: string;
  secret_enc: string | null;
  mappings: string;
  created_at: number;
  updated_at: number;
}

export interface Tables {
  users: UsersTable;
  access_tokens: AccessTokensTable;
  audit_log: AuditLogTable;
  settings: SettingsTable;
  device_models: DeviceModelsTable;
  devices: DevicesTable;
  twins: TwinsTable;
  alert_comments: AlertCommentsTable;
  report_schedules: ReportSchedulesTable;
  report_runs: ReportRunsTable;
  series: SeriesTable;
  readings: ReadingsTable;
  rollups_1m: RollupsTable;
  rollups_1h: RollupsTable;
  rollup_pending: RollupPendingTable;
  alert_rules: AlertRulesTable;
  alert_defaults: AlertDefaultsTable;
  alerts: AlertsTable;
  notification_channels: NotificationChannelsTable;
  notifications: NotificationsTable;
  health_current: HealthCurrentTable;
  health_history: HealthHistoryTable;
  predictions: PredictionsTable;
  recommendations: RecommendationsTable;
  jobs: JobsTable;
  reports: ReportsTable;
  anomaly_baselines: AnomalyBaselinesTable;
  device_events: DeviceEventsTable;
  fleet_models: FleetModelsTable;
  fleet_rul_estimates: FleetRulEstimatesTable;
  dashboards: DashboardsTable;
  dashboard_homes: DashboardHomesTable;
  assets: AssetsTable;
  computed_metrics: ComputedMetricsTable;
  computed_readings: ComputedReadingsTable;
  connectors: ConnectorsTable;
  device_commands: DeviceCommandsTable;
}
