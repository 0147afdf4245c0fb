import type { App } from './types';

/** Liveness only: no version, no internals. */
export function registerHealthRoutes(app: App) {
  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));
}
