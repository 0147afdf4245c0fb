import type { Generated } from 'kysely';

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

export interface Tables {
  users: UsersTable;
  access_tokens: AccessTokensTable;
  audit_log: AuditLogTable;
  settings: SettingsTable;
}
