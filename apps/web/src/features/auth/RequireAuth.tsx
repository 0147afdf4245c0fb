import { Navigate, Outlet, useLocation } from 'react-router';
import { ErrorBanner } from '../../components/ErrorBanner';
import { LoadingState } from '../../components/LoadingState';
import { useAuth } from './auth-context';
import { loginPath, SESSION_ENDED_NOTICE, type LoginPageState } from './login-redirect';
import './AuthLayout.css';

/** Renders the child routes for a signed-in user; everyone else goes to the login page. */
export function RequireAuth() {
  const { session, retry } = useAuth();
  const location = useLocation();

  switch (session.status) {
    case 'loading':
      return (
        <div className="auth-screen">
          <LoadingState label="Checking your session…" />
        </div>
      );
    case 'error':
      return (
        <div className="auth-screen">
          <div className="auth-card">
            <ErrorBanner title="Could not load your account" error={session.error} onRetry={retry} />
          </div>
        </div>
      );
    case 'anonymous': {
      if (session.reason === 'signed-out') return <Navigate to="/login" replace />;
      const state: LoginPageState | undefined =
        session.reason === 'expired' ? { notice: SESSION_ENDED_NOTICE } : undefined;
      return (
        <Navigate to={loginPath(location.pathname + location.search + location.hash)} state={state} replace />
      );
    }
    case 'authenticated':
      return <Outlet />;
  }
}
