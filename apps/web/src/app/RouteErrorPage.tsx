import { isRouteErrorResponse, useRouteError } from 'react-router';
import { ErrorBanner } from '../components/ErrorBanner';
import '../features/auth/AuthLayout.css';

/** Last resort when a page throws while rendering; says what happened instead of a blank screen. */
export function RouteErrorPage() {
  const error = useRouteError();
  const message = isRouteErrorResponse(error) ? `${error.status} ${error.statusText}` : error;
  return (
    <main className="auth-screen">
      <div className="auth-card">
        <ErrorBanner title="This page stopped working" error={message} />
        <p>
          Reload the page to try again, or <a href="/">go to the dashboard</a>.
        </p>
      </div>
    </main>
  );
}
