import type { Alert } from '@dtwin/contracts/alerts';
import type { ChannelTestResult, Notification, NotificationListQuery } from '@dtwin/contracts/notifications';
import type { Clock } from '../../lib/clock';
import type { AlertNotice } from '../../lib/domain-events';
import type { Logger } from '../../lib/logger';
import type { AuditService } from '../audit/audit.service';
import type { Actor } from '../users/users.service';
import { describeFailure, secretsOf, type NotificationMessage, type Sender } from './channel-sender';
import type { ChannelService } from './channel.service';
import { alertNotification, testNotification } from './notification-message';
import type { NotificationRepository, NotificationRow } from './notification.repository';

export interface RetryPolicy {
  /** Delay before the second attempt; doubled for each one after it… */
  baseMs: number;
  /** …up to this. */
  maxDelayMs: number;
  /** Attempts in all, the first included. */
  maxAttempts: number;
}

export const defaultRetry: RetryPolicy = { baseMs: 30_000, maxDelayMs: 3_600_000, maxAttempts: 5 };

interface Deps {
  notifications: NotificationRepository;
  channels: Pick<ChannelService, 'route' | 'resolve'>;
  send: Sender;
  audit: AuditService;
  clock: Clock;
  logger: Logger;
  retry?: RetryPolicy;
  /** An attempt still `sending` after this long is taken as lost (the process died) and sent again. */
  staleMs?: number;
}

const BATCH = 20;
const iso = (ms: number | null) => (ms === null ? null : new Date(Number(ms)).toISOString());

export function toNotification(row: NotificationRow): Notification {
  return {
    id: Number(row.id),
    alert_id: row.alert_id === null ? null : Number(row.alert_id),
    channel_id: Number(row.channel_id),
    channel_name: row.channel_name,
    channel_type: row.channel_type as Notification['channel_type'],
    kind: row.kind as Notification['kind'],
    severity: row.severity as Notification['severity'],
    subject: row.subject,
    status: row.status as Notification['status'],
    attempt: row.attempt,
    error: row.error,
    scheduled_at: iso(row.scheduled_at) ?? '',
    attempted_at: iso(row.attempted_at),
    created_at: iso(row.created_at) ?? '',
  };
}

/**
 * Delivers notifications through a queue kept in the database: every attempt is a row, a
 * failed one schedules the next with exponential backoff, and `processDue` (kicked after each
 * enqueue and run on a timer) sends what is due. Attempts are claimed row by row, so several
 * processes can share the queue.
 */
export function createDeliveryService({
  notifications,
  channels,
  send,
  audit,
  clock,
  logger,
  retry = defaultRetry,
  staleMs = 300_000,
}: Deps) {
  let current: Promise<number> | null = null;
  let next: Promise<number> | null = null;

  const backoff = (attempt: number) => Math.min(retry.maxDelayMs, retry.baseMs * 2 ** (attempt - 1));

  /** Sends an attempt taken by this process; on failure, schedules the next one unless attempts are used up. */
  async function deliver(
    row: NotificationRow,
    channel: Awaited<ReturnType<ChannelService['resolve']>>,
  ): Promise<void> {
    if (!channel || (channel.row.enabled !== 1 && row.kind !== 'test')) {
      await notifications.finish(
        Number(row.id),
        'failed',
        channel ? 'the channel is disabled' : 'the channel was deleted',
      );
      return;
    }
    const message = JSON.parse(row.message) as NotificationMessage;
    try {
      await send(channel.target, { ...message, deliveryId: Number(row.id) });
      await notifications.finish(Number(row.id), 'sent', null);
    } catch (err) {
      const error = describeFailure(err, secretsOf(channel.target));
      const retrying = row.kind !== 'test' && row.attempt < retry.maxAttempts;
      await notifications.finish(
        Number(row.id),
        'failed',
        retrying ? error : `${error} (gave up after ${row.attempt} attempts)`,
      );
      logger.warn(
        { notification: row.id, channel: row.channel_id, attempt: row.attempt, error },
        'a notification attempt failed',
      );
      if (retrying) {
        const { id: _id, ...rest } = row;
        const now = clock.now();
        await notifications.insert({
          ...rest,
          status: 'pending',
          attempt: row.attempt + 1,
          error: null,
          scheduled_at: now + backoff(row.attempt),
          attempted_at: null,
          created_at: now,
        });
      }
    }
  }

  async function attempt(row: NotificationRow): Promise<boolean> {
    if (!(await notifications.claim(row, clock.now()))) return false;
    let channel: Awaited<ReturnType<ChannelService['resolve']>>;
    try {
      channel = await channels.resolve(Number(row.channel_id));
    } catch (err) {
      // Unreadable settings (a key that no longer decrypts them): a retry would not help.
      logger.error({ err, channel: row.channel_id }, 'could not read a notification channel');
      await notifications.finish(Number(row.id), 'failed', 'the channel settings could not be read');
      return true;
    }
    await deliver(row, channel);
    return true;
  }

  async function pass(): Promise<number> {
    let handled = 0;
    for (;;) {
      const now = clock.now();
      const due = await notifications.due(now, now - staleMs, BATCH);
      for (const row of due) if (await attempt(row)) handled += 1;
      if (due.length < BATCH) return handled;
    }
  }

  /** Runs a pass; a call during a pass gets the one queued after it (never more than one waits). */
  function processDue(): Promise<number> {
    if (!current) {
      current = pass().finally(() => {
        current = null;
      });
      return current;
    }
    next ??= current.then(
      () => {
        next = null;
        return processDue();
      },
      () => {
        next = null;
        return processDue();
      },
    );
    return next;
  }

  const kick = () =>
    void processDue().catch((err: unknown) => logger.error({ err }, 'delivering notifications failed'));

  return {
    /** One attempt per channel the alert goes to, sent right away (in the background). */
    async enqueue(alert: Alert, notice: AlertNotice): Promise<number> {
      const now = clock.now();
      const message = alertNotification(alert, notice.kind, now);
      const targets = await channels.route(alert.severity, notice.channelIds);
      for (const channel of targets) {
        await notifications.insert({
          alert_id: alert.id,
          channel_id: Number(channel.id),
          channel_name: channel.name,
          channel_type: channel.type,
          kind: notice.kind,
          severity: alert.severity,
          subject: message.subject,
          message: JSON.stringify(message),
          status: 'pending',
          attempt: 1,
          error: null,
          scheduled_at: now,
          attempted_at: null,
          created_at: now,
        });
      }
      if (targets.length > 0) kick();
      return targets.length;
    },

    processDue,

    /** Sends a test message now, whatever the channel's severity filter; logged like any attempt. */
    async test(channelId: number, actor: Actor): Promise<ChannelTestResult> {
      const channel = await channels.resolve(channelId);
      if (!channel) return { delivered: false, error: 'the channel was deleted', notification_id: 0 };
      const now = clock.now();
      const message = testNotification(channel.row.name, now);
      const id = await notifications.insert({
        alert_id: null,
        channel_id: channelId,
        channel_name: channel.row.name,
        channel_type: channel.row.type,
        kind: 'test',
        severity: 'info',
        subject: message.subject,
        message: JSON.stringify(message),
        status: 'sending',
        attempt: 1,
        error: null,
        scheduled_at: now,
        attempted_at: now,
        created_at: now,
      });
      await deliver((await notifications.get(id))!, channel);
      const done = (await notifications.get(id))!;
      await audit.record({
        actor: actor.username,
        ip: actor.ip,
        action: 'channel.test',
        target: `channel ${channelId}`,
        outcome: done.status === 'sent' ? 'success' : 'failure',
        detail: done.error,
      });
      // Only delivered or not: the reason (refused, timed out, which answer) would make the test a
      // probe of other hosts for whoever may run it. The notification log keeps it for admins.
      const delivered = done.status === 'sent';
      return {
        delivered,
        error: delivered ? null : 'the test message was not delivered; see the notification log',
        notification_id: id,
      };
    },

    async list(query: NotificationListQuery): Promise<{ items: Notification[]; total: number }> {
      const { items, total } = await notifications.list(query);
      return { items: items.map(toNotification), total };
    },

    /** Waits for the pass under way (at shutdown). */
    async close(): Promise<void> {
      await next?.catch(() => undefined);
      await current?.catch(() => undefined);
    },
  };
}

export type DeliveryService = ReturnType<typeof createDeliveryService>;
