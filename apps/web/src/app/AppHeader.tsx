import { useState } from 'react';
import { Link, NavLink } from 'react-router';
import { Badge } from '../components/Badge';
import { BrandMark } from '../components/BrandMark';
import { ConnectionStatus } from '../components/ConnectionStatus';
import { Button } from '../components/Button';
import { useAuth } from '../features/auth/auth-context';
import { RequireRole } from '../features/auth/RequireRole';
import { roleLabels } from '../features/auth/roles';
import { ThemeToggle } from './theme/ThemeToggle';

export function AppHeader() {
  const { session, signOut } = useAuth();
  const [signingOut, setSigningOut] = useState(false);
  const user = session.status === 'authenticated' ? session.user : null;

  async function handleSignOut() {
    setSigningOut(true);
    // Once the token is gone, <RequireAuth> takes the user to the login page.
    await signOut();
  }

  return (
    <header className="app-header">
      <Link to="/" className="app-header__brand">
        <BrandMark />
        <span className="app-header__brand-name">Digital Twin</span>
      </Link>
      <nav className="app-header__nav" aria-label="Main">
        <NavLink to="/" end className="app-header__link">
          Dashboard
        </NavLink>
        <NavLink to="/devices" className="app-header__link">
          Devices
        </NavLink>
        <NavLink to="/floor-plan" className="app-header__link">
          Floor plan
        </NavLink>
        <NavLink to="/alerts" end className="app-header__link">
          Alerts
        </NavLink>
        <NavLink to="/recommendations" className="app-header__link">
          Recommendations
        </NavLink>
        <NavLink to="/reports" className="app-header__link">
          Reports
        </NavLink>
        <RequireRole role="admin" fallback={null}>
          <NavLink to="/alerts/rules" className="app-header__link">
            Rules
          </NavLink>
          <NavLink to="/channels" className="app-header__link">
            Channels
          </NavLink>
          <NavLink to="/users" className="app-header__link">
            Users
          </NavLink>
          <NavLink to="/audit" className="app-header__link">
            Audit log
          </NavLink>
        </RequireRole>
      </nav>
      <div className="app-header__end">
        <ConnectionStatus />
        <ThemeToggle />
        {user && (
          <span className="app-header__user">
            <span className="visually-hidden">Signed in as </span>
            <Link to="/account" className="app-header__username" title="Your account">
              {user.username}
            </Link>
            <Badge tone={user.role === 'admin' ? 'info' : 'neutral'}>{roleLabels[user.role]}</Badge>
          </span>
        )}
        <Button size="sm" onClick={handleSignOut} busy={signingOut}>
          Sign out
        </Button>
      </div>
    </header>
  );
}
