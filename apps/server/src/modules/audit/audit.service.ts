import type { AuditEntry, AuditQuery } from '@dtwin/contracts/audit';
import type { Clock } from '../../lib/clock';
import type { Logger } from '../../lib/logger';
import type { AuditRepository } from './audit.repository';
import { createDeniedAggregator, type DeniedSummary } from './denied-aggregator';

export interface AuditEvent {
  actor: string | null;
  ip: string | null;
  action: string;
  target?: string | null;
  outcome: 'success' | 'failure' | 'denied';
  /** Free text for people; callers never put tokens or passwords here. */
  detail?: string | null;
}

export interface AuditLimits {
  /** Entries older than this are deleted by the daily upkeep. */
  retentionMs: number;
  /** At most this many entries are kept; the oldest go first. */
  maxRows: number;
  /** Denied requests of one source within this are written once, then as one count. */
  deniedWindowMs: number;
}

export const defaultAuditLimits: AuditLimits = {
  retentionMs: 90 * 86_400_000,
  maxRows: 1_000_000,
  deniedWindowMs: 60_000,
};

/** Lengths kept of each field: an entry is bounded whatever a request carried. */
const MAX = { actor: 128, ip: 64, action: 64, target: 512, detail: 1024 };
const cut = (value: string | null | undefined, max: number): string | null =>
  value == null ? null : value.length <= max ? value : `${value.slice(0, max - 1)}…`;

export function createAuditService({
  audit,
  clock,
  logger,
  limits = defaultAuditLimits,
}: {
  audit: AuditRepository;
  clock: Clock;
  logger: Logger;
  limits?: AuditLimits;
}) {
  const denied = createDeniedAggregator({ windowMs: limits.deniedWindowMs });
  let insertsSincePrune = 0;

  async function record(event: AuditEvent): Promise<void> {
    try {
      await audit.insert({
        ts: clock.now(),
        actor: cut(event.actor, MAX.actor),
        ip: cut(event.ip, MAX.ip),
        action: cut(event.action, MAX.action) ?? '',
        target: cut(event.target, MAX.target),
        outcome: event.outcome,
        detail: cut(event.detail, MAX.detail),
      });
      // The size cap holds between daily upkeeps too.
      if (++insertsSincePrune >= Math.max(100, Math.floor(limits.maxRows / 10))) {
        insertsSincePrune = 0;
        await audit.deleteBeyond(limits.maxRows);
      }
    } catch (err) {
      logger.error({ err, action: event.action }, 'could not write the audit log');
    }
  }

  const writeSummaries = async (summaries: DeniedSummary[]) => {
    for (const s of summaries)
      await record({
        actor: s.actor,
        ip: s.ip,
        action: 'request.denied',
        target: s.target,
        outcome: 'denied',
        detail: `${s.count} more denied request${s.count === 1 ? '' : 's'} from this source between ${new Date(s.first).toISOString()} and ${new Date(s.last).toISOString()}`,
      });
  };

  return {
    /** Never fails the caller's request: a lost audit line is logged loudly instead. */
    record,

    /** A denied request: the first of a source per window is written, the rest counted (see denied-aggregator). */
    async recordDenied(event: Omit<AuditEvent, 'action' | 'outcome'>): Promise<void> {
      const target = cut(event.target, MAX.target);
      const { write, summaries } = denied.admit({ ip: event.ip, actor: event.actor, target }, clock.now());
      await writeSummaries(summaries);
      if (write) await record({ ...event, target, action: 'request.denied', outcome: 'denied' });
    },

    /** Writes the counts of closed windows (every window with `all`, at shutdown). */
    flushDenied: (all = false) => writeSummaries(denied.flush(clock.now(), all)),

    /** Retention: entries past the age limit, then the oldest past the size cap. */
    async prune(): Promise<{ expired: number; overCap: number }> {
      const expired = await audit.deleteOlderThan(clock.now() - limits.retentionMs);
      const overCap = await audit.deleteBeyond(limits.maxRows);
      return { expired, overCap };
    },

    async list(query: AuditQuery): Promise<{ items: AuditEntry[]; total: number }> {
      const { items, total } = await audit.list(query);
      return {
        total,
        items: items.map((row) => ({
          id: Number(row.id),
          ts: new Date(row.ts).toISOString(),
          actor: row.actor,
          ip: row.ip,
          action: row.action,
          target: row.target,
          outcome: row.outcome as AuditEntry['outcome'],
          detail: row.detail,
        })),
      };
    },
  };
}

export type AuditService = ReturnType<typeof createAuditService>;
