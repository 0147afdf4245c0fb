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
  /** Why readings cannot be stored right now (from the telemetry writer), or null. */
  storageFault?: () => string | null;
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
  storageFault = () => null,
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
    /**
     * Ready when the database answers and takes writes (the last batch of readings was stored, or
     * failed for another reason than space or connection), its schema is current and the broker
     * (if this process uses one) is connected and, for an external one, subscribed. Returns the
     * names of the checks that fail: `database`, `disk_full`, `migrations`, `broker`, `subscription`.
     */
    async ready(): Promise<string[]> {
      const fault = storageFault();
      const broker = runtime.broker;
      const checks: Array<[string, boolean]> = await Promise.all([
        probe('database', async () => {
          await repository.ping();
          // PostgreSQL answering is back for writes too, even if no batch has been tried since;
          // a SQLite file may answer reads while writes still fail (read-only, I/O errors).
          return dialect === 'postgres' || fault !== 'database_unavailable';
        }).then((ok): [string, boolean] => ['database', ok]),
        Promise.resolve<[string, boolean]>(['disk_full', fault !== 'disk_full']),
        probe('migrations', async () => {
          if (schemaCurrent) return true;
          // Unreadable while the database is down: the database check reports that, not this one.
          const status = await migrations().catch(() => null);
          return status === null || (schemaCurrent = status.pending.length === 0);
        }).then((ok): [string, boolean] => ['migrations', ok]),
        Promise.resolve<[string, boolean]>(['broker', broker?.connected() ?? true]),
        Promise.resolve<[string, boolean]>(['subscription', broker?.subscribed?.() ?? true]),
      ]);
      const failing = checks.filter(([, ok]) => !ok).map(([name]) => name);
      if (failing.length > 0) logger.warn({ failing }, 'not ready');
      return failing;
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
