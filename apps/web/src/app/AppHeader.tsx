import { useState } from 'react';
import { Link, NavLink } from 'react-router';
import { Badge } from '../components/Badge';
import { BrandMark } from '../components/BrandMark';
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
        <span>Digital Twin</span>
      </Link>
      <nav className="app-header__nav" aria-label="Main">
        <NavLink to="/" end className="app-header__link">
          Overview
        </NavLink>
        <RequireRole role="admin" fallback={null}>
          <NavLink to="/users" className="app-header__link">
            Users
          </NavLink>
          <NavLink to="/audit" className="app-header__link">
            Audit log
          </NavLink>
        </RequireRole>
      </nav>
      <div className="app-header__end">
        <ThemeToggle />
        {user && (
          <span className="app-header__user">
            <span className="visually-hidden">Signed in as </span>
            <span className="app-header__username">{user.username}</span>
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
