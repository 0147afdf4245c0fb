import { lazy, type ComponentType } from 'react';

/**
 * The signed-in pages, each loaded when first shown (route-level code splitting): the first load
 * carries the shell, the login page and the router, not every chart and form of the app.
 */
function page<K extends string>(load: () => Promise<Record<K, ComponentType>>, name: K) {
  return lazy(async () => ({ default: (await load())[name] }));
}

export const AlertRulesPage = page(() => import('../features/alerts/AlertRulesPage'), 'AlertRulesPage');
export const AlertsPage = page(() => import('../features/alerts/AlertsPage'), 'AlertsPage');
export const AssetPage = page(() => import('../features/assets/AssetPage'), 'AssetPage');
export const AssetsPage = page(() => import('../features/assets/AssetsPage'), 'AssetsPage');
export const AuditPage = page(() => import('../features/audit/AuditPage'), 'AuditPage');
export const ChannelsPage = page(() => import('../features/channels/ChannelsPage'), 'ChannelsPage');
export const NotificationLogPage = page(
  () => import('../features/channels/NotificationLogPage'),
  'NotificationLogPage',
);
export const ConnectorsPage = page(() => import('../features/connectors/ConnectorsPage'), 'ConnectorsPage');
export const DashboardPage = page(() => import('../features/dashboard/DashboardPage'), 'DashboardPage');
export const DashboardRoute = page(() => import('../features/dashboards/DashboardRoute'), 'DashboardRoute');
export const DashboardsPage = page(() => import('../features/dashboards/DashboardsPage'), 'DashboardsPage');
export const DevicePage = page(() => import('../features/devices/DevicePage'), 'DevicePage');
export const DevicesPage = page(() => import('../features/devices/DevicesPage'), 'DevicesPage');
export const FloorPlanPage = page(() => import('../features/floor-plan/FloorPlanPage'), 'FloorPlanPage');
export const HomePage = page(() => import('../features/home/HomePage'), 'HomePage');
export const RecommendationsPage = page(
  () => import('../features/recommendations/RecommendationsPage'),
  'RecommendationsPage',
);
export const ReportsPage = page(() => import('../features/reports/ReportsPage'), 'ReportsPage');
export const UsersPage = page(() => import('../features/users/UsersPage'), 'UsersPage');
export const ApiDocsPage = page(() => import('../features/api-docs/ApiDocsPage'), 'ApiDocsPage');
