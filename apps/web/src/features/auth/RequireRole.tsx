import type { Role } from '@dtwin/contracts/auth';
import type { ReactNode } from 'react';
import { useAuth } from './auth-context';
import { NotAllowed } from './NotAllowed';
import { hasRole } from './roles';

interface RequireRoleProps {
  role: Role;
  children: ReactNode;
  /** Shown instead when the user's role is lower; defaults to a "not allowed" page. Pass `null` to hide. */
  fallback?: ReactNode;
}

/**
 * Role-aware rendering. This only decides what the page shows: the server checks the role on
 * every request regardless.
 */
export function RequireRole({ role, children, fallback }: RequireRoleProps) {
  const { session } = useAuth();
  const allowed = session.status === 'authenticated' && hasRole(session.user.role, role);
  if (allowed) return <>{children}</>;
  return <>{fallback === undefined ? <NotAllowed required={role} /> : fallback}</>;
}
