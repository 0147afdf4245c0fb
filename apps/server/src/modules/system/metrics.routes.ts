import { createHash, timingSafeEqual } from 'node:crypto';
import type { Metrics } from '../../observability/metrics';
import { sendError } from '../../route-kit/error-responses';
import type { App } from '../../route-kit/types';

const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();

/** Compares digests, so neither the token's content nor its length shows in the timing. */
function bearerMatches(header: string | undefined, token: string): boolean {
  const match = /^Bearer +(\S+)\s*$/i.exec(header ?? '');
  return match?.[1] !== undefined && timingSafeEqual(digest(match[1]), digest(token));
}

/**
 * `/metrics` in the Prometheus text format, outside `/api/` (scrapers hold no user token):
 * public, or behind `Authorization: Bearer <METRICS_TOKEN>` when that is set. Also times every
 * HTTP request by route pattern (never by raw URL, which would explode the label set).
 */
export function registerMetricsRoutes(
  app: App,
  { metrics, token }: { metrics: Metrics; token: string | undefined },
) {
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    if (route === '/metrics') return;
    metrics.observeHttp(request.method, route, reply.statusCode, reply.elapsedTime / 1000);
  });

  app.get('/metrics', { schema: { hide: true } }, async (request, reply) => {
    if (token !== undefined && !bearerMatches(request.headers.authorization, token)) {
      reply.header('WWW-Authenticate', 'Bearer realm="metrics"');
      return sendError(reply, 'unauthorized', 'a valid metrics token is required');
    }
    const text = await metrics.render();
    return reply.header('Cache-Control', 'no-store').type(metrics.contentType).send(text);
  });
}
