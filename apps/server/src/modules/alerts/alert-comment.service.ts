import { MAX_COMMENTS_PER_ALERT, type AlertComment, type AlertCommentBody } from '@dtwin/contracts/alerts';
import type { Clock } from '../../lib/clock';
import { AppError } from '../../lib/errors';
import type { AuditService } from '../audit/audit.service';
import type { Actor } from '../users/users.service';
import type { AlertCommentRepository, AlertCommentRow } from './alert-comment.repository';
import type { AlertService } from './alert.service';

const toComment = (row: AlertCommentRow): AlertComment => ({
  id: Number(row.id),
  alert_id: Number(row.alert_id),
  author: row.author,
  body: row.body,
  created_at: new Date(Number(row.created_at)).toISOString(),
});

/** What people write on an alert while they handle it: the shift's notes, oldest first. */
export function createAlertCommentService({
  comments,
  alerts,
  audit,
  clock,
}: {
  comments: AlertCommentRepository;
  alerts: Pick<AlertService, 'get'>;
  audit: AuditService;
  clock: Clock;
}) {
  return {
    async list(alertId: number): Promise<AlertComment[]> {
      await alerts.get(alertId);
      return (await comments.list(alertId, MAX_COMMENTS_PER_ALERT)).map(toComment);
    },

    async add(alertId: number, body: AlertCommentBody, actor: Actor): Promise<AlertComment> {
      await alerts.get(alertId);
      if ((await comments.count(alertId)) >= MAX_COMMENTS_PER_ALERT) {
        throw new AppError('conflict', `alert ${alertId} already has ${MAX_COMMENTS_PER_ALERT} comments`);
      }
      const row = {
        alert_id: alertId,
        author: actor.username ?? 'console',
        body: body.body,
        created_at: clock.now(),
      };
      const id = await comments.insert(row);
      await audit.record({
        actor: actor.username,
        ip: actor.ip,
        action: 'alert.comment',
        target: `alert ${alertId}`,
        outcome: 'success',
      });
      return toComment({ id, ...row });
    },
  };
}

export type AlertCommentService = ReturnType<typeof createAlertCommentService>;
