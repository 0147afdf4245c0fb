import type { AlertState, Severity } from '@dtwin/contracts/alerts';
import { Badge } from '../../components/Badge';
import { severityLabels, severityTones, stateLabels, stateTones } from './alert-labels';

export function SeverityBadge({ severity }: { severity: Severity }) {
  return <Badge tone={severityTones[severity]}>{severityLabels[severity]}</Badge>;
}

export function StateBadge({ state }: { state: AlertState }) {
  return <Badge tone={stateTones[state]}>{stateLabels[state]}</Badge>;
}
