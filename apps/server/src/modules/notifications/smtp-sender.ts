import type { ChannelTarget, OutgoingMessage } from './channel-sender';
import { SEND_TIMEOUT_MS } from './channel-sender';

/**
 * E-mail through the channel's SMTP server, one connection per message (alerts are rare; a
 * pool would hold connections open to servers that drop them). Every stage has a time-out.
 * nodemailer is loaded on the first e-mail, so start-up does not pay for it.
 */
export function createSmtpSender({ timeoutMs = SEND_TIMEOUT_MS }: { timeoutMs?: number } = {}) {
  return async (
    target: Extract<ChannelTarget, { type: 'email' }>,
    message: OutgoingMessage,
  ): Promise<void> => {
    const { default: nodemailer } = await import('nodemailer');
    const { host, port, secure, user, from, to } = target.email;
    const transport = nodemailer.createTransport({
      host,
      port,
      secure,
      ...(user ? { auth: { user, pass: target.password ?? '' } } : {}),
      connectionTimeout: timeoutMs,
      greetingTimeout: timeoutMs,
      socketTimeout: timeoutMs,
    });
    try {
      await transport.sendMail({
        from,
        to: to.join(', '),
        subject: message.subject,
        text: message.text,
        ...(message.attachments ? { attachments: message.attachments } : {}),
      });
    } finally {
      transport.close();
    }
  };
}
