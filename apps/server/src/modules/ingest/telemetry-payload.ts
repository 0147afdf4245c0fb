import type { DeviceModel } from '@dtwin/contracts/models';
import {
  MAX_READING_MAGNITUDE,
  telemetryEnvelopeSchema,
  telemetryLimits,
  telemetryPayloadSchema,
  type RejectReason,
} from '@dtwin/contracts/telemetry';
import type { Reading } from '../../lib/domain-events';

export interface Rejection {
  metric: string | null;
  reason: RejectReason;
}

export interface ParseLimits {
  now: number;
  /** Readings further ahead than this are refused: a device clock gone wrong. */
  maxFutureMs: number;
  /** Readings older than raw retention would be deleted at once; refuse them instead. */
  maxAgeMs: number;
}

/** Decodes a message body; bad JSON is a rejection, never an exception. */
export function decodeJson(body: Buffer | string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(typeof body === 'string' ? body : body.toString('utf8')) };
  } catch {
    return { ok: false };
  }
}

const ISO_DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|([+-])(\d{2}):?(\d{2}))$/;

/**
 * Epoch milliseconds of an ISO 8601 date-time that names a real instant, or undefined: the
 * format alone lets through `2026-13-45T99:99Z` or 30 February, which `Date.parse` turns into NaN
 * or quietly into another day.
 */
export function parseIsoInstant(text: string): number | undefined {
  const m = ISO_DATE_TIME.exec(text);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second = 0] = [m[1], m[2], m[3], m[4], m[5], m[6]].map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number | undefined,
  ];
  const offsetHours = m[10] === undefined ? 0 : Number(m[10]);
  const offsetMinutes = m[11] === undefined ? 0 : Number(m[11]);
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return undefined;
  if (offsetHours > 23 || offsetMinutes > 59) return undefined;
  if (day > new Date(Date.UTC(2000, month, 0)).getUTCDate()) return undefined; // 29 Feb allowed here…
  if (month === 2 && day === 29 && !(year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)))
    return undefined; // …and refused in a common year
  const ms = Date.parse(text);
  return Number.isFinite(ms) ? ms : undefined;
}

/** Epoch milliseconds, or undefined for a timestamp that cannot be read. A missing one means now. */
function toTimestamp(ts: string | number | undefined, now: number): number | undefined {
  if (ts === undefined) return now;
  if (typeof ts === 'number') return Number.isSafeInteger(ts) && ts >= 0 ? ts : undefined;
  return parseIsoInstant(ts);
}

/**
 * Turns any accepted payload form (envelope, array of envelopes, short form) into readings for
 * the metrics of the device's model. Every value is judged on its own: one bad value is rejected
 * with its reason and the rest of the message is kept.
 */
export function parseTelemetry(payload: unknown, deviceId: string, model: DeviceModel, limits: ParseLimits) {
  const readings: Reading[] = [];
  const rejected: Rejection[] = [];
  if (exceedsLimits(payload)) return { readings, rejected: [{ metric: null, reason: 'too_large' as const }] };
  const shape = telemetryPayloadSchema.safeParse(payload);
  if (!shape.success) return { readings, rejected: [{ metric: null, reason: 'invalid_payload' as const }] };

  const known = new Set(model.metrics.map((m) => m.name));
  const data = shape.data;
  // An object with `metrics` is an envelope (and must be a valid one); any other object is the short form.
  const envelopes = Array.isArray(data)
    ? data
    : 'metrics' in data
      ? [telemetryEnvelopeSchema.safeParse(data).data]
      : [shortForm(data)];

  for (const envelope of envelopes) {
    if (!envelope) {
      rejected.push({ metric: null, reason: 'invalid_payload' });
      continue;
    }
    const ts = toTimestamp(envelope.ts, limits.now);
    for (const [metric, value] of Object.entries(envelope.metrics)) {
      const reason: RejectReason | undefined = !known.has(metric)
        ? 'unknown_metric'
        : typeof value !== 'number'
          ? 'invalid_payload'
          : !Number.isFinite(value)
            ? 'non_finite'
            : Math.abs(value) > MAX_READING_MAGNITUDE
              ? 'out_of_range'
              : ts === undefined
                ? 'bad_timestamp'
                : ts > limits.now + limits.maxFutureMs
                  ? 'future_timestamp'
                  : ts < limits.now - limits.maxAgeMs
                    ? 'too_old'
                    : undefined;
      if (reason) rejected.push({ metric, reason });
      else readings.push({ deviceId, metric, ts: ts!, value: value as number });
    }
  }
  return { readings, rejected };
}

/** `{"temperature": 71.2, "ts": …}`: every key but `ts` is a metric. */
function shortForm(
  data: Record<string, unknown>,
): { ts?: string | number; metrics: Record<string, unknown> } | undefined {
  const { ts, ...metrics } = data;
  if (ts !== undefined && typeof ts !== 'string' && typeof ts !== 'number') return undefined;
  return { ...(ts !== undefined ? { ts } : {}), metrics };
}

/** Counts keys before anything is validated, so an oversized message costs no per-reading work. */
function exceedsLimits(payload: unknown): boolean {
  const sets = Array.isArray(payload) ? payload : [payload];
  let readings = 0;
  for (const set of sets) {
    if (typeof set !== 'object' || set === null) continue;
    const metrics: unknown = 'metrics' in set ? set.metrics : set;
    if (typeof metrics !== 'object' || metrics === null) continue;
    const count = Object.keys(metrics).length;
    readings += count;
    if (count > telemetryLimits.metricsPerReadingSet + 1 || readings > telemetryLimits.readingsPerMessage)
      return true;
  }
  return false;
}
