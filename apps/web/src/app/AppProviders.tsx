import { serverEventSchemas } from '@dtwin/contracts/realtime';
import { useEffect, useState } from 'react';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { AuthProvider } from '../features/auth/AuthProvider';
import { isAuthPage, loginPath, SESSION_ENDED_NOTICE } from '../features/auth/login-redirect';
import { createHttpClient } from '../lib/http';
import { HttpContext } from '../lib/http-context';
import { createSocketManager } from '../lib/socket';
import { connectSocketIo } from '../lib/socket-connect';
import { SocketContext, type AppSocketManager } from '../lib/socket-hooks';
import { createTokenStore } from '../lib/token-storage';
import { ThemeProvider } from './theme/ThemeProvider';

/** The token store, the HTTP client and the one socket manager, built once, in plain sight. */
function createServices() {
  const tokens = createTokenStore();
  // The router's navigate() only exists inside the component; the handler is attached there.
  let unauthorizedHandler = () => {};
  const http = createHttpClient({ tokens, onUnauthorized: () => unauthorizedHandler() });
  const sockets: AppSocketManager = createSocketManager({
    tokens,
    onUnauthorized: () => unauthorizedHandler(),
    connect: connectSocketIo,
    schemas: serverEventSchemas,
  });
  return {
    tokens,
    http,
    sockets,
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

  // Started in an effect, not when built: StrictMode builds services twice and drops one.
  useEffect(() => {
    services.sockets.start();
    return () => services.sockets.stop();
  }, [services]);

  return (
    <ThemeProvider>
      <HttpContext value={services.http}>
        <SocketContext value={services.sockets}>
          <AuthProvider tokens={services.tokens}>
            <Outlet />
          </AuthProvider>
        </SocketContext>
      </HttpContext>
    </ThemeProvider>
  );
}
