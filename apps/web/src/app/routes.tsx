import type { RouteObject } from 'react-router';
import { AuditPage } from '../features/audit/AuditPage';
import { LoginPage } from '../features/auth/LoginPage';
import { RegisterPage } from '../features/auth/RegisterPage';
import { RequireAuth } from '../features/auth/RequireAuth';
import { RequireRole } from '../features/auth/RequireRole';
import { HomePage } from '../features/home/HomePage';
import { UsersPage } from '../features/users/UsersPage';
import { AppProviders } from './AppProviders';
import { Layout } from './Layout';
import { NotFoundPage } from './NotFoundPage';
import { RouteErrorPage } from './RouteErrorPage';

/** Every client route; the browser app and the tests build their routers from this one list. */
export const appRoutes: RouteObject[] = [
  {
    element: <AppProviders />,
    errorElement: <RouteErrorPage />,
    children: [
      { path: 'login', element: <LoginPage /> },
      { path: 'register', element: <RegisterPage /> },
      {
        element: <RequireAuth />,
        children: [
          {
            element: <Layout />,
            children: [
              { index: true, element: <HomePage /> },
              {
                path: 'users',
                element: (
                  <RequireRole role="admin">
                    <UsersPage />
                  </RequireRole>
                ),
              },
              {
                path: 'audit',
                element: (
                  <RequireRole role="admin">
                    <AuditPage />
                  </RequireRole>
                ),
              },
              { path: '*', element: <NotFoundPage /> },
            ],
          },
        ],
      },
    ],
  },
];
