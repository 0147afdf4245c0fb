import type { IngestResult, RejectReason } from '@dtwin/contracts/telemetry';
import { reportedPropertiesSchema } from '@dtwin/contracts/mqtt';
import type { Clock } from '../../lib/clock';
import type { Reading } from '../../lib/domain-events';
import { AppError } from '../../lib/errors';
import type { ModelsService } from '../models/models.service';
import type { TwinService } from '../twin/twin.service';
import type { IngestStats } from './ingest-stats';
import { decodeJson, parseTelemetry } from './telemetry-payload';

/** What ingestion needs from telemetry storage: resolves once the readings are committed. */
export interface ReadingStore {
  store(readings: Reading[]): Promise<{ stored: number; duplicates: number }>;
}

interface Deps {
  telemetry: ReadingStore;
  twin: TwinService;
  models: ModelsService;
  stats: IngestStats;
  clock: Clock;
  retentionRawDays: number;
  maxFutureMs?: number;
}

/**
 * The one path every reading takes, whatever carried it (embedded broker, external broker,
 * HTTP): decode, validate against the device's model, store durably, count. Nothing here
 * throws for bad input; the result says what was refused and why.
 */
export function createIngestService({
  telemetry,
  twin,
  models,
  stats,
  clock,
  retentionRawDays,
  maxFutureMs = 5 * 60_000,
}: Deps) {
  const refuse = (
    deviceId: string | null,
    reason: RejectReason,
    detail: string,
    metric: string | null = null,
  ): IngestResult => {
    stats.rejected(deviceId, reason, metric, detail);
    return { accepted: 0, duplicates: 0, rejected: [{ metric, reason }] };
  };

  return {
    refuse,

    /** A telemetry message dropped unread: too many wait to be stored already (QoS 0 under overload). */
    shed(deviceId: string): IngestResult {
      stats.received();
      return refuse(deviceId, 'overloaded', 'QoS 0 message shed: too many are waiting to be stored');
    },

    async telemetry(
      deviceId: string,
      modelId: string,
      body: Buffer | string | { parsed: unknown },
    ): Promise<IngestResult> {
      stats.received();
      const decoded =
        typeof body === 'object' && 'parsed' in body
          ? { ok: true as const, value: body.parsed }
          : decodeJson(body);
      if (!decoded.ok) return refuse(deviceId, 'malformed_json', 'the message is not valid JSON');
      const model = models.find(modelId);
      if (!model) return refuse(deviceId, 'unknown_device', `the device's model '${modelId}' is gone`);

      const now = clock.now();
      const { readings, rejected } = parseTelemetry(decoded.value, deviceId, model, {
        now,
        maxFutureMs,
        maxAgeMs: retentionRawDays * 86_400_000,
      });
      for (const r of rejected)
        stats.rejected(deviceId, r.reason, r.metric, `${r.reason}${r.metric ? ` (${r.metric})` : ''}`);
      if (readings.length === 0) return { accepted: 0, duplicates: 0, rejected };

      try {
        const { stored, duplicates } = await telemetry.store(readings);
        stats.accepted(deviceId, stored, duplicates);
        return { accepted: stored, duplicates, rejected };
      } catch (err) {
        if (err instanceof AppError && err.code === 'unavailable') {
          for (const r of readings)
            stats.rejected(deviceId, 'overloaded', r.metric, 'the write queue is full');
        }
        throw err;
      }
    },

    /** devices/{id}/reported: a flat object of property values. */
    async reported(
      deviceId: string,
      body: Buffer | string | { parsed: unknown },
    ): Promise<{ accepted: string[]; rejected: string[] }> {
      const decoded =
        typeof body === 'object' && 'parsed' in body
          ? { ok: true as const, value: body.parsed }
          : decodeJson(body);
      if (!decoded.ok) {
        refuse(deviceId, 'malformed_json', 'reported properties are not valid JSON');
        return { accepted: [], rejected: [] };
      }
      const parsed = reportedPropertiesSchema.safeParse(decoded.value);
      if (!parsed.success) {
        refuse(
          deviceId,
          'invalid_payload',
          'reported properties must be a flat object of numbers, booleans and strings',
        );
        return { accepted: [], rejected: [] };
      }
      const result = await twin.reportProperties(deviceId, parsed.data);
      for (const name of result.rejected)
        stats.rejected(deviceId, 'unknown_metric', name, `unknown property ${name}`);
      return result;
    },
  };
}

export type IngestService = ReturnType<typeof createIngestService>;
