import { z } from 'zod';

/** `GET /api/system` (admins): what this process is and how its database and broker are. */
export const systemInfoSchema = z.object({
  process: z.object({
    version: z.string(),
    node_version: z.string(),
    roles: z.array(z.string()),
    uptime_s: z.number(),
    started_at: z.iso.datetime(),
    memory: z.object({ rss_bytes: z.number(), heap_used_bytes: z.number(), heap_total_bytes: z.number() }),
  }),
  database: z.object({
    dialect: z.enum(['sqlite', 'postgres']),
    /** Null when it cannot be had cheaply. */
    size_bytes: z.number().nullable(),
    migration: z.object({
      latest: z.string().nullable(),
      applied: z.number().int(),
      pending: z.array(z.string()),
    }),
  }),
  broker: z.object({
    mode: z.enum(['embedded', 'external', 'none']),
    connected: z.boolean(),
    /** Connected MQTT clients, when this process runs the broker. */
    clients: z.number().int().nullable(),
  }),
  jobs: z.object({ queued: z.number().int(), running: z.number().int(), failed_24h: z.number().int() }),
});
export type SystemInfo = z.infer<typeof systemInfoSchema>;

/** `/healthz` and `/readyz` say only this, so nothing about the internals leaks. */
export const probeSchema = z.object({
  status: z.enum(['ok', 'ready', 'not_ready']),
  /** /readyz when not ready: the failing checks, e.g. `database`, `disk_full`, `broker`, `subscription`. */
  failing: z.array(z.string()).optional(),
});
