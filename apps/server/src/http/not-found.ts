import type { App } from '../route-kit/types';
import { sendError } from '../route-kit/error-responses';

/** Compiles route patterns (`/api/users/:id`) so an unmatched request can tell 404 from 405. */
export function createRouteIndex() {
  const routes: Array<{ pattern: RegExp; methods: Set<string> }> = [];
  const byPath = new Map<string, Set<string>>();
  return {
    add(url: string, methods: string | string[]) {
      let set = byPath.get(url);
      if (!set) {
        set = new Set();
        byPath.set(url, set);
        const source = url
          .split('/')
          .map((part) =>
            part.startsWith(':')
              ? '[^/]+'
              : part === '*'
                ? '.*'
                : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
          )
          .join('/');
        routes.push({ pattern: new RegExp(`^${source}/?$`), methods: set });
      }
      for (const m of [methods].flat()) set.add(m.toUpperCase());
    },
    allowedMethods(path: string): string[] {
      const allowed = new Set<string>();
      for (const route of routes) if (route.pattern.test(path)) route.methods.forEach((m) => allowed.add(m));
      return [...allowed];
    },
  };
}

export type RouteIndex = ReturnType<typeof createRouteIndex>;

export function registerNotFound(app: App, fallback?: (path: string) => boolean): RouteIndex {
  const index = createRouteIndex();
  app.addHook('onRoute', (route) => index.add(route.url, route.method));
  app.setNotFoundHandler(async (request, reply) => {
    const path = request.url.split('?')[0] ?? '/';
    const allowed = index.allowedMethods(path).filter((m) => m !== 'OPTIONS');
    if (allowed.length > 0) {
      reply.header('Allow', allowed.join(', '));
      return sendError(reply, 'method_not_allowed', `${request.method} is not allowed on ${path}`);
    }
    if (request.method === 'GET' && fallback?.(path)) {
      return reply.sendFile('index.html');
    }
    return sendError(reply, 'not_found', `no route ${request.method} ${path}`);
  });
  return index;
}
