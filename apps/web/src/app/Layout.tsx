import { Suspense } from 'react';
import { Outlet } from 'react-router';
import { LoadingState } from '../components/LoadingState';
import { AppHeader } from './AppHeader';
import './Layout.css';

/** The frame of every signed-in page. */
export function Layout() {
  return (
    <div className="app-shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <AppHeader />
      <main className="app-main" id="main" tabIndex={-1}>
        <Suspense fallback={<LoadingState />}>
          <Outlet />
        </Suspense>
      </main>
    </div>
  );
}
