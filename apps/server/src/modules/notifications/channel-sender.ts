import type { Alert } from '@dtwin/contracts/alerts';
import type { EmailSettings } from '@dtwin/contracts/notifications';

/** Every outbound call (SMTP stage, webhook request) gives up after this long. */
export const SEND_TIMEOUT_MS = 10_000;

/** Where one channel delivers, with its secrets decrypted (in memory only, for the send). */
export type ChannelTarget =
  | { type: 'email'; email: EmailSettings; password: string | null }
  | { type: 'slack'; url: string }
  | { type: 'webhook'; url: string; signingSecret: string };

/** What is stored with each attempt, so a retry sends the same thing. Holds no secret. */
export interface NotificationMessage {
  event: 'alert.raised' | 'alert.escalated' | 'test' | 'report';
  subject: string;
  text: string;
  alert: Alert | null;
}

export interface OutgoingMessage extends NotificationMessage {
  /** The attempt's id (also sent to webhooks, so a receiver can tell retries apart). */
  deliveryId: number;
  /** Files mailed with the message (scheduled reports); e-mail only. */
  attachments?: Array<{ filename: string; content: Buffer; contentType: string }>;
}

/** Sends one message to one target; rejects with an error whose message says why (never a secret). */
export type Sender = (target: ChannelTarget, message: OutgoingMessage) => Promise<void>;

export interface SenderSet {
  email: (target: Extract<ChannelTarget, { type: 'email' }>, message: OutgoingMessage) => Promise<void>;
  slack: (target: Extract<ChannelTarget, { type: 'slack' }>, message: OutgoingMessage) => Promise<void>;
  webhook: (target: Extract<ChannelTarget, { type: 'webhook' }>, message: OutgoingMessage) => Promise<void>;
}

export function dispatchingSender(senders: SenderSet): Sender {
  return (target, message) => {
    switch (target.type) {
      case 'email':
        return senders.email(target, message);
      case 'slack':
        return senders.slack(target, message);
      case 'webhook':
        return senders.webhook(target, message);
    }
  };
}

/** The secrets of a target, to scrub from any error text before it is stored or logged. */
export function secretsOf(target: ChannelTarget): string[] {
  switch (target.type) {
    case 'email':
      return target.password ? [target.password] : [];
    case 'slack':
      return [target.url];
    case 'webhook':
      return [target.url, target.signingSecret];
  }
}

/** An error as text for the notification log: secrets replaced, length bounded. */
export function describeFailure(err: unknown, secrets: string[]): string {
  let text = err instanceof Error ? err.message : String(err);
  for (const secret of secrets) {
    if (!secret) continue;
    text = text.split(secret).join('[redacted]');
    try {
      const url = new URL(secret);
      // A URL's path and query (where webhook tokens live) may be quoted on their own.
      for (const part of [url.pathname + url.search, url.pathname, url.search]) {
        if (part.length > 1) text = text.split(part).join('[redacted]');
      }
    } catch {
      // not a URL
    }
  }
  return text.length > 500 ? `${text.slice(0, 497)}...` : text;
}
