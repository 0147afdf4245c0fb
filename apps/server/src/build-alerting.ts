import type { Kysely } from 'kysely';
import type { Keyring } from './crypto/fernet';
import type { Tables } from './db/tables';
import type { Clock } from './lib/clock';
import type { DomainEvents, EventBus } from './lib/domain-events';
import type { Logger } from './lib/logger';
import { createAlertEvaluationService } from './modules/alerts/alert-evaluation.service';
import { createAlertLifecycle } from './modules/alerts/alert-lifecycle';
import { createAlertRuleRepository } from './modules/alerts/alert-rule.repository';
import { createAlertRuleService } from './modules/alerts/alert-rule.service';
import { createAlertRepository } from './modules/alerts/alert.repository';
import { createAlertService } from './modules/alerts/alert.service';
import { subscribeAlerts } from './modules/alerts/alerts.events';
import { dispatchingSender } from './modules/notifications/channel-sender';
import { createChannelRepository } from './modules/notifications/channel.repository';
import { createChannelService } from './modules/notifications/channel.service';
import { createDeliveryService } from './modules/notifications/delivery.service';
import { createNotificationRepository } from './modules/notifications/notification.repository';
import { subscribeNotifications } from './modules/notifications/notifications.events';
import { createSmtpSender } from './modules/notifications/smtp-sender';
import { createWebhookSenders } from './modules/notifications/webhook-sender';
import type { AuditService } from './modules/audit/audit.service';
import type { DevicesService } from './modules/devices/devices.service';
import type { ModelsService } from './modules/models/models.service';
import type { TwinService } from './modules/twin/twin.service';

/**
 * The alerting part of the composition root (container.ts): notification channels and delivery,
 * alert rules, the alert lifecycle and the evaluation of every stored reading against the rules.
 */
export async function buildAlerting({
  db,
  keyring,
  audit,
  devices,
  models,
  twin,
  bus,
  clock,
  logger,
}: {
  db: Kysely<Tables>;
  keyring: Keyring;
  audit: AuditService;
  devices: DevicesService;
  models: ModelsService;
  twin: TwinService;
  bus: EventBus<DomainEvents>;
  clock: Clock;
  logger: Logger;
}) {
  const channels = createChannelService({
    channels: createChannelRepository(db),
    encryption: keyring,
    audit,
    clock,
  });
  const webhooks = createWebhookSenders({ clock });
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
  const alertRules = createAlertRuleService({
    rules: createAlertRuleRepository(db),
    devices,
    models,
    channels,
    audit,
    clock,
  });
  await alertRules.init();
  const alertRows = createAlertRepository(db);
  const alertLifecycle = createAlertLifecycle({
    alerts: alertRows,
    devices,
    bus,
    clock,
    logger,
    onConditionChange: (deviceId, condition) => twin.setAlertCondition(deviceId, condition),
  });
  await alertLifecycle.init();
  const alertEvaluation = createAlertEvaluationService({
    lifecycle: alertLifecycle,
    rules: alertRules,
    devices,
    clock,
  });
  const alerts = createAlertService({
    alerts: alertRows,
    lifecycle: alertLifecycle,
    rules: alertRules,
    audit,
    clock,
  });
  subscribeAlerts({ bus, rules: alertRules, evaluation: alertEvaluation, lifecycle: alertLifecycle });
  return { channels, notifications, alertRules, alertEvaluation, alerts };
}
