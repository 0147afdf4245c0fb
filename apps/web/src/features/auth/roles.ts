import type { Role } from '@dtwin/contracts/auth';

const rank: Record<Role, number> = { viewer: 0, operator: 1, admin: 2 };

/** Roles are ordered: an admin may do all an operator may, an operator all a viewer may. */
export function hasRole(actual: Role, required: Role): boolean {
  return rank[actual] >= rank[required];
}

export const roleLabels: Record<Role, string> = {
  admin: 'Administrator',
  operator: 'Operator',
  viewer: 'Viewer',
};

/** What each role adds on top of the one below it (SPEC §3.2). */
const grants: Record<Role, readonly string[]> = {
  viewer: [
    'See devices, their live telemetry, health scores and predictions',
    'See alerts, recommendations and reports',
  ],
  operator: ['Acknowledge and resolve alerts', "Change devices' desired state"],
  admin: [
    'Manage users and their roles',
    'Manage devices, device models, alert rules and notification channels',
    'Read the audit log',
  ],
};

export function capabilitiesOf(role: Role): string[] {
  return (Object.keys(rank) as Role[]).filter((r) => hasRole(role, r)).flatMap((r) => grants[r]);
}
