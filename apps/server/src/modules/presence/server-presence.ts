import crypto from 'node:crypto';
import os from 'node:os';
import type { Clock } from '../../lib/clock';
import type { PresenceRepository } from './presence.repository';

/** How often a running server refreshes its mark, and how old a mark may be before it is stale. */
export const PRESENCE_BEAT_MS = 5000;
export const PRESENCE_STALE_MS = 4 * PRESENCE_BEAT_MS;
/** Marks left by crashed servers are removed once this old. */
const FORGET_MS = 24 * 3_600_000;

export interface RunningServer {
  host: string;
  pid: number;
  seen_at: number;
}

/**
 * Which servers run on this database: each marks itself while it runs (refreshed every few
 * seconds, removed when it stops), so offline maintenance (`dtwin rotate-key`) can refuse to run
 * beside one, on this host or any other sharing the database. A crashed server's mark goes stale
 * after PRESENCE_STALE_MS.
 */
export function createServerPresence({
  repository,
  clock,
}: {
  repository: PresenceRepository;
  clock: Clock;
}) {
  async function marks(): Promise<Array<{ id: string; server: RunningServer | null }>> {
    return (await repository.all()).map(({ id, value }) => {
      try {
        const parsed = JSON.parse(value) as Partial<RunningServer>;
        return typeof parsed.seen_at === 'number'
          ? { id, server: { host: String(parsed.host), pid: Number(parsed.pid), seen_at: parsed.seen_at } }
          : { id, server: null };
      } catch {
        return { id, server: null };
      }
    });
  }

  return {
    /** Marks this process as a running server until the returned `stop`. */
    async start(): Promise<{ stop: () => Promise<void> }> {
      const id = crypto.randomUUID();
      const beat = () =>
        repository.mark(id, JSON.stringify({ host: os.hostname(), pid: process.pid, seen_at: clock.now() }));
      await beat();
      const now = clock.now();
      const forgotten = (await marks()).filter((m) => (m.server?.seen_at ?? 0) < now - FORGET_MS);
      await repository.unmark(forgotten.map((m) => m.id));
      const timer = setInterval(() => void beat().catch(() => undefined), PRESENCE_BEAT_MS);
      timer.unref();
      return {
        async stop() {
          clearInterval(timer);
          await repository.unmark([id]);
        },
      };
    },

    /** The servers whose mark is fresh: running now, or stopped in the last few seconds. */
    async running(): Promise<RunningServer[]> {
      const now = clock.now();
      return (await marks()).flatMap((m) =>
        m.server && m.server.seen_at > now - PRESENCE_STALE_MS ? [m.server] : [],
      );
    },
  };
}

export type ServerPresence = ReturnType<typeof createServerPresence>;
