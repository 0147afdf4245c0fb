import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { App } from '../route-kit/types';

export const defaultWebDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../web/dist');

/**
 * Serves the built React app. Client-side routes (/login, /devices/…) fall back to index.html;
 * nothing under /api/ or /ingest/ ever does.
 */
export async function registerWeb(app: App, webDir: string): Promise<(path: string) => boolean> {
  if (!fs.existsSync(path.join(webDir, 'index.html'))) {
    app.log.warn({ webDir }, 'the web UI is not built; run `npm run build`');
    return () => false;
  }
  await app.register(fastifyStatic, { root: webDir, index: ['index.html'], wildcard: false, maxAge: '1h' });
  return (p) => !p.startsWith('/api') && !p.startsWith('/ingest') && !path.extname(p);
}
