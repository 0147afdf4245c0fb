import { roles, usernameSchema, type Role } from '@dtwin/contracts/auth';
import { openSslDigest } from '../../src/crypto/werkzeug-legacy';
import { SourceError, type SourceRow, type SourceTable } from './flask-source.repository';
import { storedFormat } from './flask-storage';

export interface PlannedUser {
  username: string;
  /** As stored (the login upgrades it); null for a `plain$$` one, which is re-hashed on import. */
  passwordHash: string | null;
  plainPassword: string | null;
  email: string | null;
  role: Role;
  disabled: boolean;
  createdAt: number;
}

export interface UsersPlan {
  create: PlannedUser[];
  skipped: Array<{ username: string; reason: string }>;
  /** Columns of the source table that have no counterpart and were not imported. */
  ignoredColumns: string[];
}

/** Column spellings seen in the original system and its forks, by what they hold. */
const ALIASES = {
  username: ['username', 'user_name', 'login'],
  password: ['password_hash', 'password', 'pw_hash', 'passwd'],
  email: ['email', 'e_mail', 'mail'],
  role: ['role', 'user_role'],
  isAdmin: ['is_admin', 'admin'],
  active: ['is_active', 'active', 'enabled'],
  disabled: ['disabled', 'is_disabled'],
  createdAt: ['created_at', 'created', 'date_created'],
  id: ['id'],
} as const;

const ROLE_NAMES: Record<string, Role> = {
  admin: 'admin',
  administrator: 'admin',
  superuser: 'admin',
  operator: 'operator',
  engineer: 'operator',
  maintenance: 'operator',
  viewer: 'viewer',
  user: 'viewer',
  guest: 'viewer',
  readonly: 'viewer',
};

const METHOD = /^(?:pbkdf2(?::[a-z0-9_]+(?::\d{1,10})?)?|scrypt(?::\d{1,10}:\d{1,4}:\d{1,4})?|[a-z0-9_]+)$/;

/** Whether werkzeug wrote it in a form the login can verify (`method$salt$hash`). */
export function supportedPasswordHash(hash: string): boolean {
  const first = hash.indexOf('$');
  const second = first < 0 ? -1 : hash.indexOf('$', first + 1);
  if (second < 0 || second === hash.length - 1) return false;
  const method = hash.slice(0, first);
  if (!METHOD.test(method)) return false;
  return (
    method.startsWith('pbkdf2') ||
    method.startsWith('scrypt') ||
    method === 'plain' ||
    openSslDigest(method) !== undefined
  );
}

/** SQLite's CURRENT_TIMESTAMP and Python's str(datetime) are UTC-less text; they are read as UTC. */
export function parseSourceTime(value: unknown): number | null {
  if (typeof value === 'number' && Number.isFinite(value)) return value > 1e11 ? value : value * 1000;
  if (typeof value !== 'string' || value.trim() === '') return null;
  const text = value.trim().replace(' ', 'T');
  const ms = Date.parse(/(?:Z|[+-]\d\d:?\d\d)$/.test(text) ? text : `${text}Z`);
  return Number.isNaN(ms) ? null : ms;
}

const pick = (columns: string[], names: readonly string[]) => names.find((n) => columns.includes(n));

function truthy(value: unknown): boolean {
  if (typeof value === 'string') return ['1', 'true', 'yes', 't', 'y'].includes(value.trim().toLowerCase());
  return value === 1 || value === true || value === 1n;
}

/**
 * Maps the original users table: hashes are kept as they are (users sign in with their old
 * passwords; the login upgrades the hash), e-mail addresses are kept (decrypted first when the
 * column was encrypted), and a role column, if any, is mapped onto admin / operator / viewer.
 */
export function planUsers(
  table: SourceTable,
  options: { defaultRole: Role; now: number; decrypt: (stored: string) => string },
): UsersPlan {
  const { columns } = table;
  const col = Object.fromEntries(
    Object.entries(ALIASES).map(([what, names]) => [what, pick(columns, names)]),
  ) as Record<keyof typeof ALIASES, string | undefined>;
  if (!col.username || !col.password) {
    throw new SourceError(
      `the users table in ${table.file} has no ${col.username ? 'password hash' : 'username'} column (columns: ${columns.join(', ')})`,
    );
  }
  const used = new Set(Object.values(col).filter((c): c is string => c !== undefined));
  const plan: UsersPlan = { create: [], skipped: [], ignoredColumns: columns.filter((c) => !used.has(c)) };
  const seen = new Set<string>();

  for (const row of table.rows) {
    const rawName = row[col.username];
    const username = typeof rawName === 'string' ? rawName.trim() : String(rawName ?? '');
    const skip = (reason: string) => plan.skipped.push({ username: username || '(no name)', reason });
    const validName = usernameSchema.safeParse(username);
    if (!validName.success) {
      skip(`the username is not allowed here: ${validName.error.issues[0]?.message ?? 'invalid'}`);
      continue;
    }
    if (seen.has(username.toLowerCase())) {
      skip('the same username appears twice');
      continue;
    }
    seen.add(username.toLowerCase());
    const hash = row[col.password];
    if (typeof hash !== 'string' || !supportedPasswordHash(hash)) {
      skip('the password hash is not in a werkzeug format this server verifies');
      continue;
    }
    let email: string | null = null;
    const rawEmail = col.email ? row[col.email] : null;
    if (typeof rawEmail === 'string' && rawEmail.trim() !== '') {
      try {
        email = storedFormat(rawEmail) === 'fernet' ? options.decrypt(rawEmail).trim() : rawEmail.trim();
      } catch {
        skip('the e-mail address is encrypted and does not decrypt with the given key');
        continue;
      }
    }
    plan.create.push({
      username,
      passwordHash: hash.startsWith('plain$') ? null : hash,
      plainPassword: hash.startsWith('plain$') ? hash.slice(hash.indexOf('$', 6) + 1) : null,
      email,
      role: roleOf(row, col, options.defaultRole),
      disabled:
        (col.active !== undefined && !truthy(row[col.active])) ||
        (col.disabled !== undefined && truthy(row[col.disabled])),
      createdAt: (col.createdAt ? parseSourceTime(row[col.createdAt]) : null) ?? options.now,
    });
  }
  return plan;
}

function roleOf(row: SourceRow, col: Record<string, string | undefined>, fallback: Role): Role {
  if (col.isAdmin && truthy(row[col.isAdmin])) return 'admin';
  const raw = col.role ? row[col.role] : undefined;
  if (typeof raw === 'string') {
    const name = raw.trim().toLowerCase();
    if ((roles as readonly string[]).includes(name)) return name as Role;
    const mapped = ROLE_NAMES[name];
    if (mapped) return mapped;
  }
  return fallback;
}
