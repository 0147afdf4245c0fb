import type { Condition, Connectivity } from '@dtwin/contracts/devices';
import { Badge, type BadgeTone } from '../../components/Badge';
import './DeviceBadges.css';

const conditionTones: Record<Condition, BadgeTone> = {
  normal: 'success',
  warning: 'warning',
  critical: 'danger',
  maintenance: 'info',
};

export const conditionLabels: Record<Condition, string> = {
  normal: 'Normal',
  warning: 'Warning',
  critical: 'Critical',
  maintenance: 'Maintenance',
};

export const connectivityLabels: Record<Connectivity, string> = { online: 'Online', offline: 'Offline' };

export function ConditionBadge({ condition }: { condition: Condition }) {
  return <Badge tone={conditionTones[condition]}>{conditionLabels[condition]}</Badge>;
}

export function ConnectivityBadge({ connectivity }: { connectivity: Connectivity }) {
  return (
    <Badge tone={connectivity === 'online' ? 'success' : 'neutral'}>
      <span className={`dot dot--${connectivity}`} aria-hidden="true" />
      {connectivityLabels[connectivity]}
    </Badge>
  );
}
