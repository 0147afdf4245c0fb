import type { AuditEntry } from '@dtwin/contracts/audit';
import type { WhoAmI } from '@dtwin/contracts/auth';
import type { User } from '@dtwin/contracts/users';

export const adminMe: WhoAmI = { id: 1, username: 'ada', role: 'admin', email: 'ada@plant.example' };
export const operatorMe: WhoAmI = { id: 2, username: 'otto', role: 'operator', email: null };
export const viewerMe: WhoAmI = { id: 3, username: 'vera', role: 'viewer', email: null };

export function makeUser(overrides: Partial<User> & Pick<User, 'id' | 'username'>): User {
  return {
    email: null,
    role: 'viewer',
    disabled: false,
    created_at: '2025-01-10T08:00:00.000Z',
    last_login_at: null,
    ...overrides,
  };
}

export function makeAuditEntry(overrides: Partial<AuditEntry> & Pick<AuditEntry, 'id'>): AuditEntry {
  return {
    ts: '2025-03-12T13:03:07.000Z',
    actor: 'ada',
    ip: '10.0.0.5',
    action: 'login',
    target: null,
    outcome: 'success',
    detail: null,
    ...overrides,
  };
}
