import type { Kysely } from 'kysely';
import type { Keyring } from '../../crypto/fernet';
import type { Tables } from '../../db/tables';
import type { Clock } from '../../lib/clock';
import type { DomainEvents, EventBus } from '../../lib/domain-events';
import type { Logger } from '../../lib/logger';
import type { AuditService } from '../audit/audit.service';
import { dispatchingSender } from './channel-sender';
import { createChannelRepository } from './channel.repository';
import { createChannelService } from './channel.service';
import { createDeliveryService } from './delivery.service';
import { createNotificationRepository } from './notification.repository';
import { subscribeNotifications } from './notifications.events';
import { createReportMailer } from './report-mailer';
import { createSmtpSender } from './smtp-sender';
import { createWebhookSenders } from './webhook-sender';

/** Notification channels (secrets encrypted with the keyring) and the delivery of alert notices. */
export function buildNotifications({
  db,
  keyring,
  audit,
  bus,
  clock,
  logger,
  allowPrivateWebhooks = false,
}: {
  db: Kysely<Tables>;
  keyring: Keyring;
  audit: AuditService;
  bus: EventBus<DomainEvents>;
  clock: Clock;
  logger: Logger;
  /** ALLOW_PRIVATE_WEBHOOKS: webhooks may reach the server's own networks. */
  allowPrivateWebhooks?: boolean;
}) {
  const channels = createChannelService({
    channels: createChannelRepository(db),
    encryption: keyring,
    audit,
    clock,
  });
  const webhooks = createWebhookSenders({ clock, allowPrivate: allowPrivateWebhooks });
  const send = dispatchingSender({
    email: createSmtpSender(),
    slack: webhooks.slack,
    webhook: webhooks.webhook,
  });
  const notifications = createDeliveryService({
    notifications: createNotificationRepository(db),
    channels,
    send,
    audit,
    clock,
    logger,
  });
  subscribeNotifications({ bus, notifications });
  const reportMailer = createReportMailer({ channels, send });
  return { channels, notifications, reportMailer };
}
