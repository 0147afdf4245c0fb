import type { AuditEntry, AuditQuery } from '@dtwin/contracts/audit';
import type { Clock } from '../../lib/clock';
import type { Logger } from '../../lib/logger';
import type { AuditRepository } from './audit.repository';

export interface AuditEvent {
  actor: string | null;
  ip: string | null;
  action: string;
  target?: string | null;
  outcome: 'success' | 'failure' | 'denied';
  /** Free text for people; callers never put tokens or passwords here. */
  detail?: string | null;
}

export function createAuditService({
  audit,
  clock,
  logger,
}: {
  audit: AuditRepository;
  clock: Clock;
  logger: Logger;
}) {
  return {
    /** Never fails the caller's request: a lost audit line is logged loudly instead. */
    async record(event: AuditEvent): Promise<void> {
      try {
        await audit.insert({
          ts: clock.now(),
          actor: event.actor,
          ip: event.ip,
          action: event.action,
          target: event.target ?? null,
          outcome: event.outcome,
          detail: event.detail ?? null,
        });
      } catch (err) {
        logger.error({ err, action: event.action }, 'could not write the audit log');
      }
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
