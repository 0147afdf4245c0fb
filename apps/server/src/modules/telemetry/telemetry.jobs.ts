import type { JobHandlers, JobSpecs } from '../../jobs/job-types';
import type { TelemetryService } from './telemetry.service';

const HOUR = 3_600_000;

/** Retention every hour and storage compaction once a day; upkeep retries soon and a few times. */
export const telemetryJobSpecs = {
  'telemetry.retention': {
    everyMs: HOUR,
    retry: { maxAttempts: 5, backoffMs: 30_000, maxBackoffMs: 600_000 },
  },
  'telemetry.compact': {
    everyMs: 24 * HOUR,
    retry: { maxAttempts: 3, backoffMs: 60_000, maxBackoffMs: 600_000 },
  },
} satisfies JobSpecs;

export const telemetryJobHandlers = ({
  telemetry,
}: {
  telemetry: Pick<TelemetryService, 'applyRetention' | 'compactStorage'>;
}) =>
  ({
    'telemetry.retention': () => telemetry.applyRetention(),
    'telemetry.compact': () => telemetry.compactStorage(),
  }) satisfies JobHandlers;
