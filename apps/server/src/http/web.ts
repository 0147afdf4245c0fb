import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { App } from '../route-kit/types';

export const defaultWebDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../web/dist');

/**
 * The file types the built app is made of: a missing one is a 404, never the app. Any other path
 * is a client-side route, dots included (an asset id such as `riverside.pump-house`).
 */
const STATIC_FILE = /\.(?:js|mjs|css|map|html|json|webmanifest|png|jpe?g|gif|svg|ico|webp|woff2?|ttf|txt)$/i;

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
  return (p) => !p.startsWith('/api') && !p.startsWith('/ingest') && !STATIC_FILE.test(p);
}
