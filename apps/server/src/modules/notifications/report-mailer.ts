import { AppError } from '../../lib/errors';
import type { Sender } from './channel-sender';
import { describeFailure, secretsOf } from './channel-sender';
import type { ChannelService } from './channel.service';

export interface MailedFile {
  subject: string;
  text: string;
  file: { filename: string; content: Buffer; contentType: string };
}

/** Mails a file (a scheduled report) through an e-mail channel, to that channel's recipients. */
export function createReportMailer({
  channels,
  send,
}: {
  channels: Pick<ChannelService, 'resolve'>;
  send: Sender;
}) {
  return {
    /** Refuses a channel that does not exist or is not e-mail, so a schedule names a usable one. */
    async check(channelId: number): Promise<void> {
      const channel = await channels.resolve(channelId);
      if (!channel)
        throw new AppError('validation_failed', `no channel ${channelId}`, {
          fields: { channel_id: 'no such channel' },
        });
      if (channel.target.type !== 'email')
        throw new AppError('validation_failed', 'reports are mailed: choose an e-mail channel', {
          fields: { channel_id: 'is not an e-mail channel' },
        });
    },

    async mail(channelId: number, message: MailedFile): Promise<void> {
      const channel = await channels.resolve(channelId);
      if (!channel || channel.target.type !== 'email')
        throw new Error(`channel ${channelId} is gone or not e-mail`);
      try {
        await send(channel.target, {
          event: 'report',
          subject: message.subject,
          text: message.text,
          alert: null,
          deliveryId: 0,
          attachments: [message.file],
        });
      } catch (err) {
        throw new Error(describeFailure(err, secretsOf(channel.target)));
      }
    },
  };
}

export type ReportMailer = ReturnType<typeof createReportMailer>;
