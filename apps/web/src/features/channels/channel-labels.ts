import type { ChannelType, NotificationKind, NotificationStatus } from '@dtwin/contracts/notifications';
import type { BadgeTone } from '../../components/Badge';

export const channelTypeLabels: Record<ChannelType, string> = {
  email: 'E-mail (SMTP)',
  slack: 'Slack webhook',
  webhook: 'Generic webhook',
};

export const notificationStatusLabels: Record<NotificationStatus, string> = {
  pending: 'Waiting',
  sending: 'Sending',
  sent: 'Sent',
  failed: 'Failed',
};

export const notificationStatusTones: Record<NotificationStatus, BadgeTone> = {
  pending: 'neutral',
  sending: 'info',
  sent: 'success',
  failed: 'danger',
};

export const notificationKindLabels: Record<NotificationKind, string> = {
  raise: 'New alert',
  escalation: 'Escalation',
  test: 'Test',
};
