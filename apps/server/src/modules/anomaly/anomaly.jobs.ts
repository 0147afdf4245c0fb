import type { JobHandlers, JobSpecs } from '../../jobs/job-types';
import type { AnomalyBaselines } from './anomaly-baselines.service';

/** The detectors' baselines are learnt again from the stored history every 6 hours. */
export const anomalyJobSpecs = {
  'analytics.baselines': {
    everyMs: 6 * 3_600_000,
    retry: { maxAttempts: 3, backoffMs: 60_000, maxBackoffMs: 600_000 },
  },
} satisfies JobSpecs;

export const anomalyJobHandlers = ({ baselines }: { baselines: Pick<AnomalyBaselines, 'refresh'> }) =>
  ({ 'analytics.baselines': (ctx) => baselines.refresh(ctx) }) satisfies JobHandlers;
