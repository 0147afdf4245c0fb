import { rejectReasons, type RejectReason } from '@dtwin/contracts/telemetry';
import type { Logger } from '../../lib/logger';

type Counts = Record<RejectReason, number>;
const zero = (): Counts => Object.fromEntries(rejectReasons.map((r) => [r, 0])) as Counts;

export interface DeviceIngestStats {
  accepted: number;
  duplicates: number;
  rejected: Counts;
  last_rejection: { reason: RejectReason; metric: string | null; at: string } | null;
}

/**
 * Counts what ingestion accepted and refused, overall and per known device, and logs each kind
 * of refusal at most once a minute per device so a misbehaving device cannot flood the log.
 */
export function createIngestStats({ logger, now }: { logger: Logger; now: () => number }) {
  const total = { messages: 0, accepted: 0, duplicates: 0, rejected: zero() };
  const perDevice = new Map<string, DeviceIngestStats>();
  const lastLogged = new Map<string, number>();

  const of = (deviceId: string) => {
    let s = perDevice.get(deviceId);
    if (!s)
      perDevice.set(deviceId, (s = { accepted: 0, duplicates: 0, rejected: zero(), last_rejection: null }));
    return s;
  };

  return {
    /** A telemetry message arrived (counted before anything is checked, shed ones included). */
    received() {
      total.messages += 1;
    },

    accepted(deviceId: string, stored: number, duplicates: number) {
      total.accepted += stored;
      total.duplicates += duplicates;
      const s = of(deviceId);
      s.accepted += stored;
      s.duplicates += duplicates;
    },

    /** `deviceId` is null when the sender is not a known device (its id is not trusted as a key). */
    rejected(deviceId: string | null, reason: RejectReason, metric: string | null, detail: string) {
      total.rejected[reason] += 1;
      if (deviceId !== null) {
        const s = of(deviceId);
        s.rejected[reason] += 1;
        s.last_rejection = { reason, metric, at: new Date(now()).toISOString() };
      }
      const key = `${deviceId ?? '?'}:${reason}`;
      const t = now();
      if ((lastLogged.get(key) ?? 0) + 60_000 <= t) {
        if (lastLogged.size > 10_000) lastLogged.clear();
        lastLogged.set(key, t);
        logger.warn({ device: deviceId, reason, metric }, `ingest rejected: ${detail}`);
      }
    },

    device: (deviceId: string): DeviceIngestStats => structuredClone(of(deviceId)),
    totals: () => structuredClone(total),
    forget: (deviceId: string) => perDevice.delete(deviceId),
  };
}

export type IngestStats = ReturnType<typeof createIngestStats>;
