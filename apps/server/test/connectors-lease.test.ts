import crypto from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../src/lib/logger';
import { holdLease } from '../src/modules/connectors/connector-lease';
import { connectRedisLeaseStore } from '../src/modules/connectors/redis-lease-store';
import { startTestServer } from './support/server';
import { waitFor } from './support/wait';

/** .ci/run sets it: the machine's Redis. */
const redisUrl = process.env.TEST_REDIS_URL;
if (!redisUrl) console.warn('TEST_REDIS_URL not set: the connector lease (Redis) suite is skipped');

const options = { ttlMs: 1500, everyMs: 300 };
const logger = createLogger({ level: 'silent' });

/** One ingest process: its own Redis connection, and whether it runs the connectors now. */
async function ingestProcess(name: string, key: string, log: string[]) {
  const store = await connectRedisLeaseStore(redisUrl!, key, logger);
  const self = {
    running: false,
    store,
    lease: undefined as Awaited<ReturnType<typeof holdLease>> | undefined,
  };
  self.lease = await holdLease({
    store,
    token: `${name}-${crypto.randomUUID()}`,
    start: async () => {
      self.running = true;
      log.push(`${name} started`);
    },
    stop: async () => {
      self.running = false;
      log.push(`${name} stopped`);
    },
    logger,
    options,
  });
  return self;
}

describe.skipIf(!redisUrl)('connectors in a cluster: one ingest process at a time (Redis lease)', () => {
  const closers: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const close of closers.splice(0).reverse()) await close();
  });
  const start = async (name: string, key: string, log: string[]) => {
    const p = await ingestProcess(name, key, log);
    closers.push(async () => {
      await p.lease?.close();
      await p.store.close();
    });
    return p;
  };

  it('runs them in one process, and in another once that one stops', async () => {
    const key = `dtwin-test:${crypto.randomUUID()}:connectors:lease`;
    const log: string[] = [];
    const a = await start('a', key, log);
    const b = await start('b', key, log);
    expect([a.running, b.running]).toEqual([true, false]);
    // b keeps trying, and keeps out while a renews.
    await new Promise((resolve) => setTimeout(resolve, 3 * options.ttlMs));
    expect([a.running, b.running]).toEqual([true, false]);

    await a.lease?.close(); // a graceful stop hands over at once
    await waitFor(() => b.running, 2 * options.everyMs + 1000, 'b to take over');
    expect(log).toEqual(['a started', 'a stopped', 'b started']);
  });

  it('takes over from a process that lost Redis, which stops its connectors first', async () => {
    const key = `dtwin-test:${crypto.randomUUID()}:connectors:lease`;
    const log: string[] = [];
    const a = await start('a', key, log);
    const b = await start('b', key, log);
    expect(a.running).toBe(true);
    // a's connection goes away without giving the lease up (as if its host were cut off).
    await a.store.close();
    await waitFor(() => b.running, options.ttlMs + 3 * options.everyMs + 1000, 'b to take over');
    expect(a.running).toBe(false);
    expect(log).toEqual(['a started', 'a stopped', 'b started']);
  });

  it('runs the connectors of two ingest processes with REDIS_URL in one of them', async () => {
    const env = { REDIS_URL: redisUrl!, MQTT_SHARED_GROUP: `lease-${crypto.randomBytes(4).toString('hex')}` };
    const servers = [
      await startTestServer('sqlite', env, { mqtt: true }),
      await startTestServer('sqlite', env, { mqtt: true }),
    ];
    closers.push(async () => {
      for (const s of servers.splice(0)) await s.close();
    });
    const running = () => servers.map((s) => s.container.connectorRuntime.running());
    expect(running()).toEqual([true, false]);
    await servers.shift()?.close();
    await waitFor(() => running()[0] === true, 5000, 'the other process to run the connectors');
  });
});
