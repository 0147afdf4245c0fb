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
  // On a phone the links fold behind a Menu button instead of wrapping over three rows.
  const [menuOpen, setMenuOpen] = useState(false);
  const closeMenu = () => setMenuOpen(false);
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
      <button
        type="button"
        className="app-header__menu-button btn btn--sm"
        aria-expanded={menuOpen}
        aria-controls="main-nav"
        onClick={() => setMenuOpen((open) => !open)}
      >
        Menu
      </button>
      <nav
        id="main-nav"
        className={`app-header__nav${menuOpen ? ' app-header__nav--open' : ''}`}
        aria-label="Main"
      >
        <NavLinks items={links} onNavigate={closeMenu} />
        <RequireRole role="admin" fallback={null}>
          <NavLinks items={adminLinks} onNavigate={closeMenu} />
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

interface NavItem {
  to: string;
  label: string;
  /** Current only on this very path, not below it (`/alerts` is not current on `/alerts/rules`). */
  end?: boolean;
}

const links: readonly NavItem[] = [
  { to: '/', label: 'Dashboard', end: true },
  { to: '/dashboards', label: 'Dashboards' },
  { to: '/assets', label: 'Assets' },
  { to: '/devices', label: 'Devices' },
  { to: '/floor-plan', label: 'Floor plan' },
  { to: '/alerts', label: 'Alerts', end: true },
  { to: '/recommendations', label: 'Recommendations' },
  { to: '/reports', label: 'Reports' },
];

const adminLinks: readonly NavItem[] = [
  { to: '/alerts/rules', label: 'Rules' },
  { to: '/channels', label: 'Channels' },
  { to: '/connectors', label: 'Connectors' },
  { to: '/users', label: 'Users' },
  { to: '/audit', label: 'Audit log' },
];

function NavLinks({ items, onNavigate }: { items: readonly NavItem[]; onNavigate: () => void }) {
  return items.map(({ to, label, end }) => (
    <NavLink key={to} to={to} end={end} className="app-header__link" onClick={onNavigate}>
      {label}
    </NavLink>
  ));
}
