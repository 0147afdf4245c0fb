import type { HealthStatus } from '@dtwin/contracts/health';
import type { Condition } from '@dtwin/contracts/devices';
import type { BadgeTone } from '../../components/Badge';

/** SPEC §6.2: excellent ≥ 95, good ≥ 80, warning ≥ 60, critical ≥ 30, failure below. */
export function healthStatusOf(score: number): HealthStatus {
  if (score >= 95) return 'excellent';
  if (score >= 80) return 'good';
  if (score >= 60) return 'warning';
  if (score >= 30) return 'critical';
  return 'failure';
}

export const healthLabels: Record<HealthStatus, string> = {
  excellent: 'Excellent',
  good: 'Good',
  warning: 'Warning',
  critical: 'Critical',
  failure: 'Failure',
};

export const healthTones: Record<HealthStatus, BadgeTone> = {
  excellent: 'success',
  good: 'success',
  warning: 'warning',
  critical: 'danger',
  failure: 'danger',
};

export const conditionLabels: Record<Condition, string> = {
  normal: 'Normal',
  warning: 'Warning',
  critical: 'Critical',
  maintenance: 'Maintenance',
};
