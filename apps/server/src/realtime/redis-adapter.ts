import { createAdapter } from '@socket.io/redis-adapter';
import { Redis } from 'ioredis';
import { StartupError } from '../lib/errors';
import type { Logger } from '../lib/logger';
import { redactedRedisUrl as redacted, waitRedisReady as waitReady } from '../lib/redis-connection';

/**
 * The Socket.IO Redis adapter (REDIS_URL): a broadcast or `serverSideEmit` on one node reaches the
 * sockets of every node. Start-up waits for Redis; later outages are retried with backoff by
 * ioredis, and events published meanwhile are dropped (a live view, not a log) without crashing.
 */
export async function connectRedisAdapter(url: string, logger: Logger) {
  const options = { maxRetriesPerRequest: 5, connectionName: 'dtwin-socket.io' };
  const pub = new Redis(url, options);
  const sub = pub.duplicate();
  const clients = [pub, sub];

  let failing = false;
  for (const client of clients) {
    client.on('error', (err: Error) => {
      if (failing) return; // once per outage, not once per retry
      failing = true;
      logger.warn(
        { err, url: redacted(url) },
        'lost the connection to Redis; live events between nodes are paused',
      );
    });
    client.on('ready', () => {
      if (!failing) return;
      failing = false;
      logger.info('reconnected to Redis; live events between nodes resume');
    });
  }

  // The adapter publishes without handling the promise; a publish that fails during an outage
  // would otherwise be an unhandled rejection, which ends the process.
  const publish = pub.publish.bind(pub) as (channel: string, message: string | Buffer) => Promise<number>;
  Object.assign(pub, {
    publish: (channel: string, message: string | Buffer) =>
      publish(channel, message).catch((err: unknown) => {
        logger.debug({ err }, 'dropped a live event: Redis is unreachable');
        return 0;
      }),
  });

  try {
    await Promise.all(clients.map((client) => waitReady(client)));
  } catch (err) {
    clients.forEach((client) => client.disconnect());
    throw new StartupError(`cannot reach Redis at REDIS_URL (${redacted(url)}): ${(err as Error).message}`);
  }
  logger.info({ url: redacted(url) }, 'Socket.IO events are shared between nodes through Redis');

  return {
    adapter: createAdapter(pub, sub),
    async close(): Promise<void> {
      // QUIT when connected (bounded, so shutdown never waits on Redis); drop the socket otherwise.
      await Promise.allSettled(
        clients.map((client) =>
          client.status === 'ready'
            ? Promise.race([client.quit(), new Promise((resolve) => setTimeout(resolve, 1000).unref())])
            : undefined,
        ),
      );
      clients.forEach((client) => client.disconnect());
    },
  };
}
