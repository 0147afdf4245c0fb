import type { AuditEntry } from '@dtwin/contracts/audit';
import type { BadgeTone } from '../../components/Badge';

type Outcome = AuditEntry['outcome'];

export const outcomeLabels: Record<Outcome, string> = {
  success: 'Success',
  failure: 'Failure',
  denied: 'Denied',
};

export const outcomeTones: Record<Outcome, BadgeTone> = {
  success: 'success',
  failure: 'danger',
  denied: 'warning',
};
