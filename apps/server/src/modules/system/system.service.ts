import type { SystemInfo } from '@dtwin/contracts/system';
import type { Dialect } from '../../db/database';
import type { Logger } from '../../lib/logger';
import type { RuntimeStatus } from '../../observability/runtime-status';
import type { SystemRepository } from './system.repository';

interface Deps {
  repository: SystemRepository;
  dialect: Dialect;
  migrations: () => Promise<{ applied: string[]; pending: string[] }>;
  jobs: { stats(): Promise<SystemInfo['jobs']> };
  runtime: RuntimeStatus;
  roles: readonly string[];
  version: string;
  logger: Logger;
  /** A probe slower than this counts as failed. */
  probeTimeoutMs?: number;
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
    timer.unref();
    work.then(resolve, reject).finally(() => clearTimeout(timer));
  });
}

/** Process and database status for admins, and the readiness probe for load balancers. */
export function createSystemService({
  repository,
  dialect,
  migrations,
  jobs,
  runtime,
  roles,
  version,
  logger,
  probeTimeoutMs = 2000,
}: Deps) {
  const startedAt = Date.now() - process.uptime() * 1000;
  // Applied migrations stay applied, so once the schema is current it need not be asked again.
  let schemaCurrent = false;

  async function probe(name: string, check: () => Promise<boolean>): Promise<boolean> {
    try {
      const ok = await withTimeout(check(), probeTimeoutMs);
      if (!ok) logger.warn({ check: name }, 'readiness check failed');
      return ok;
    } catch (err) {
      logger.warn({ err, check: name }, 'readiness check failed');
      return false;
    }
  }

  return {
    /** Ready when the database answers, its schema is current and the broker (if this process uses one) is connected. */
    async ready(): Promise<boolean> {
      const checks = await Promise.all([
        probe('database', async () => {
          await repository.ping();
          return true;
        }),
        probe('migrations', async () => (schemaCurrent ||= (await migrations()).pending.length === 0)),
        probe('broker', async () => runtime.broker?.connected() ?? true),
      ]);
      return checks.every(Boolean);
    },

    async info(): Promise<SystemInfo> {
      const memory = process.memoryUsage();
      const [size, status, jobStats] = await Promise.all([
        repository.sizeBytes().catch(() => null),
        migrations(),
        jobs.stats(),
      ]);
      const broker = runtime.broker;
      return {
        process: {
          version,
          node_version: process.version,
          roles: [...roles],
          uptime_s: Math.round(process.uptime()),
          started_at: new Date(startedAt).toISOString(),
          memory: {
            rss_bytes: memory.rss,
            heap_used_bytes: memory.heapUsed,
            heap_total_bytes: memory.heapTotal,
          },
        },
        database: {
          dialect,
          size_bytes: size,
          migration: {
            latest: status.applied.at(-1) ?? null,
            applied: status.applied.length,
            pending: status.pending,
          },
        },
        broker: broker
          ? { mode: broker.mode, connected: broker.connected(), clients: broker.clients() }
          : { mode: 'none', connected: false, clients: null },
        jobs: jobStats,
      };
    },
  };
}

export type SystemService = ReturnType<typeof createSystemService>;
