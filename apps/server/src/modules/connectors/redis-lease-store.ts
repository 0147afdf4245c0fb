import { Redis } from 'ioredis';
import { StartupError } from '../../lib/errors';
import type { Logger } from '../../lib/logger';
import { redactedRedisUrl, waitRedisReady } from '../../lib/redis-connection';
import type { LeaseStore } from './connector-lease';

// Only the holder (its token) may extend or delete the lease.
const RENEW = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

/**
 * The connector lease in Redis (REDIS_URL): one key, taken with SET NX PX and extended by its
 * holder only. Commands fail fast while Redis is unreachable (no offline queue), so a holder
 * notices in time that it can no longer renew.
 */
export async function connectRedisLeaseStore(
  url: string,
  key: string,
  logger: Pick<Logger, 'info'>,
): Promise<LeaseStore & { close: () => Promise<void> }> {
  const redis = new Redis(url, {
    connectionName: 'dtwin-connector-lease',
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: 1000,
  });
  redis.on('error', () => undefined); // the lease reports what it cannot do; ioredis reconnects
  try {
    await waitRedisReady(redis);
  } catch (err) {
    redis.disconnect();
    throw new StartupError(
      `cannot reach Redis at REDIS_URL (${redactedRedisUrl(url)}): ${(err as Error).message}`,
    );
  }
  logger.info({ key }, 'connectors run in one ingest process at a time (a lease in Redis)');
  return {
    async acquire(token, ttlMs) {
      return (await redis.set(key, token, 'PX', ttlMs, 'NX')) === 'OK';
    },
    async renew(token, ttlMs) {
      return (await redis.eval(RENEW, 1, key, token, String(ttlMs))) === 1;
    },
    async release(token) {
      await redis.eval(RELEASE, 1, key, token);
    },
    async close() {
      if (redis.status === 'ready')
        await Promise.race([redis.quit(), new Promise((resolve) => setTimeout(resolve, 1000).unref())]).catch(
          () => undefined,
        );
      redis.disconnect();
    },
  };
}
