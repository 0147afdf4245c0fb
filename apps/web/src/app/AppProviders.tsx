import { useEffect, useState } from 'react';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { AuthProvider } from '../features/auth/AuthProvider';
import { isAuthPage, loginPath, SESSION_ENDED_NOTICE } from '../features/auth/login-redirect';
import { createHttpClient } from '../lib/http';
import { HttpContext } from '../lib/http-context';
import { createTokenStore } from '../lib/token-storage';
import { ThemeProvider } from './theme/ThemeProvider';

/** The token store and the HTTP client, built once, in plain sight. */
function createServices() {
  const tokens = createTokenStore();
  // The router's navigate() only exists inside the component; the handler is attached there.
  let unauthorizedHandler = () => {};
  const http = createHttpClient({ tokens, onUnauthorized: () => unauthorizedHandler() });
  return {
    tokens,
    http,
    onUnauthorized: (handler: () => void) => {
      unauthorizedHandler = handler;
    },
  };
}

/**
 * The root route: provides the services to every page. It lives inside the router so that a
 * 401 anywhere can navigate to the login page, with `?next=` pointing back here.
 */
export function AppProviders() {
  const navigate = useNavigate();
  const location = useLocation();
  const [services] = useState(createServices);

  useEffect(() => {
    services.onUnauthorized(() => {
      if (isAuthPage(location.pathname)) return;
      void navigate(loginPath(location.pathname + location.search + location.hash), {
        replace: true,
        state: { notice: SESSION_ENDED_NOTICE },
      });
    });
  }, [services, navigate, location]);

  return (
    <ThemeProvider>
      <HttpContext value={services.http}>
        <AuthProvider tokens={services.tokens}>
          <Outlet />
        </AuthProvider>
      </HttpContext>
    </ThemeProvider>
  );
}
