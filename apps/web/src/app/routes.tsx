import type { RouteObject } from 'react-router';
import { LoginPage } from '../features/auth/LoginPage';
import { RegisterPage } from '../features/auth/RegisterPage';
import { RequireAuth } from '../features/auth/RequireAuth';
import { RequireRole } from '../features/auth/RequireRole';
import { AppProviders } from './AppProviders';
import {
  AlertRulesPage,
  AlertsPage,
  ApiDocsPage,
  AssetPage,
  AssetsPage,
  AuditPage,
  ChannelsPage,
  ConnectorsPage,
  DashboardPage,
  DashboardRoute,
  DashboardsPage,
  DevicePage,
  DevicesPage,
  FloorPlanPage,
  HomePage,
  NotificationLogPage,
  RecommendationsPage,
  ReportsPage,
  UsersPage,
} from './lazy-pages';
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
              { index: true, element: <DashboardPage /> },
              { path: 'account', element: <HomePage /> },
              { path: 'dashboards', element: <DashboardsPage /> },
              { path: 'dashboards/:id', element: <DashboardRoute /> },
              { path: 'api', element: <ApiDocsPage /> },
              { path: 'devices', element: <DevicesPage /> },
              { path: 'devices/:id', element: <DevicePage /> },
              { path: 'assets', element: <AssetsPage /> },
              { path: 'assets/:id', element: <AssetPage /> },
              { path: 'floor-plan', element: <FloorPlanPage /> },
              { path: 'alerts', element: <AlertsPage /> },
              {
                path: 'alerts/rules',
                element: (
                  <RequireRole role="admin">
                    <AlertRulesPage />
                  </RequireRole>
                ),
              },
              { path: 'recommendations', element: <RecommendationsPage /> },
              { path: 'reports', element: <ReportsPage /> },
              {
                path: 'connectors',
                element: (
                  <RequireRole role="admin">
                    <ConnectorsPage />
                  </RequireRole>
                ),
              },
              {
                path: 'channels',
                element: (
                  <RequireRole role="admin">
                    <ChannelsPage />
                  </RequireRole>
                ),
              },
              {
                path: 'channels/log',
                element: (
                  <RequireRole role="admin">
                    <NotificationLogPage />
                  </RequireRole>
                ),
              },
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
