import type { Logger } from '../../lib/logger';
import type { AuditService } from './audit.service';

/**
 * Reports a stored encrypted value that failed to decrypt: an `integrity_failure` audit entry
 * naming the table and record (once per record per process, so a page reloaded in a loop does
 * not flood the log), a metric each time, and a log line.
 */
export function createIntegrityReporter({
  audit,
  countFailure,
  logger,
  maxRemembered = 10_000,
}: {
  audit: Pick<AuditService, 'record'>;
  countFailure: (table: string) => void;
  logger: Logger;
  maxRemembered?: number;
}) {
  const reported = new Set<string>();
  return {
    decryptFailed(table: string, id: number | string, column: string): void {
      countFailure(table);
      const key = `${table}/${id}/${column}`;
      if (reported.has(key)) return;
      if (reported.size >= maxRemembered) reported.clear();
      reported.add(key);
      logger.error({ table, id, column }, 'a stored encrypted value does not decrypt');
      void audit.record({
        actor: null,
        ip: null,
        action: 'integrity_failure',
        target: `${table}/${id}`,
        outcome: 'failure',
        detail: `${column} does not decrypt (corrupt, or encrypted with a key no longer in the key file)`,
      });
    },
  };
}

export type IntegrityReporter = ReturnType<typeof createIntegrityReporter>;
