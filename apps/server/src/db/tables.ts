import type { ColumnType, Generated } from 'kysely';

/** A column with a default in the schema: optional on insert. */
type Defaulted<T> = ColumnType<T, T | undefined, T>;

/** Times are epoch milliseconds; booleans are 0/1 so both dialects store them alike. */
export interface UsersTable {
  id: Generated<number>;
  username: string;
  password_hash: string;
  email_enc: string | null;
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

export interface Tables {
  users: UsersTable;
  access_tokens: AccessTokensTable;
  audit_log: AuditLogTable;
  settings: SettingsTable;
  device_models: DeviceModelsTable;
  devices: DevicesTable;
  twins: TwinsTable;
  series: SeriesTable;
  readings: ReadingsTable;
  rollups_1m: RollupsTable;
  rollups_1h: RollupsTable;
}
