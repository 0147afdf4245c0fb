import cors from '@fastify/cors';
import helmet from '@fastify/helmet';
import type { App } from '../route-kit/types';

/** A strict CSP: the web UI is all same-origin files, so an injected script has nowhere to run. */
export const contentSecurityPolicy = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:'],
  fontSrc: ["'self'"],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  frameAncestors: ["'none'"],
  formAction: ["'self'"],
  upgradeInsecureRequests: null,
};

export async function registerSecurity(app: App, { corsOrigins }: { corsOrigins: string[] }) {
  await app.register(helmet, {
    contentSecurityPolicy: { useDefaults: false, directives: contentSecurityPolicy },
    crossOriginEmbedderPolicy: false,
    referrerPolicy: { policy: 'no-referrer' },
  });
  // API answers hold private data and tokens: no browser or proxy may keep a copy. Set before the
  // route runs, so errors and refusals carry it too.
  app.addHook('onRequest', async (request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    if (path !== '/api' && !path.startsWith('/api/')) return;
    void reply.header('Cache-Control', 'no-store');
    if (path === '/api/login') void reply.header('Pragma', 'no-cache');
  });
  const allowed = new Set(corsOrigins);
  await app.register(cors, {
    origin: (origin, callback) =>
      callback(null, origin !== undefined && (allowed.has('*') || allowed.has(origin))),
    methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowedHeaders: ['Authorization', 'Content-Type', 'If-Match'],
    exposedHeaders: ['ETag', 'Retry-After', 'Content-Disposition'],
    credentials: false,
    maxAge: 600,
  });
}
