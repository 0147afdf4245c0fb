import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import type { Clock } from '../../lib/clock';
import { guardedLookup, isPrivateAddress, PrivateAddressError } from './address-guard';
import { SEND_TIMEOUT_MS, type ChannelTarget, type OutgoingMessage } from './channel-sender';
import {
  DELIVERY_HEADER,
  EVENT_HEADER,
  signWebhook,
  SIGNATURE_HEADER,
  TIMESTAMP_HEADER,
} from './webhook-signature';

/** Why a request failed, in words that name the host but never the URL's secret path. */
function describeError(err: unknown, timeoutMs: number): string {
  if (err instanceof Error && err.name === 'TimeoutError') return `no answer within ${timeoutMs} ms`;
  if (err instanceof PrivateAddressError) return err.message;
  const code = (err as { code?: string } | undefined)?.code;
  return code ?? (err instanceof Error ? err.message : String(err));
}

/**
 * Slack-compatible and generic webhooks: one POST to the configured URL only (redirects are
 * not followed), with a time-out on the whole exchange. Any 2xx is success. Unless
 * `allowPrivate`, an address on the server's own networks is refused when connecting.
 */
export function createWebhookSenders({
  clock,
  timeoutMs = SEND_TIMEOUT_MS,
  allowPrivate = false,
}: {
  clock: Clock;
  timeoutMs?: number;
  allowPrivate?: boolean;
}) {
  function request(url: URL, body: string, headers: Record<string, string>): Promise<number> {
    return new Promise((resolve, reject) => {
      // A literal address is connected to without a lookup, so it is checked here.
      const host = url.hostname.replace(/^\[|\]$/g, '');
      if (!allowPrivate && net.isIP(host) !== 0 && isPrivateAddress(host))
        return reject(new PrivateAddressError(host));
      const req = (url.protocol === 'https:' ? https : http).request(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          'user-agent': 'DigitalTwin-Notifier/1',
          ...headers,
        },
        ...(allowPrivate ? {} : { lookup: guardedLookup }),
      });
      const timer = setTimeout(
        () => req.destroy(Object.assign(new Error('timeout'), { name: 'TimeoutError' })),
        timeoutMs,
      );
      req.on('response', (res) => {
        res.resume(); // the body is not needed, and is never kept
        res.on('end', () => {
          clearTimeout(timer);
          resolve(res.statusCode ?? 0);
        });
        res.on('error', (err) => {
          clearTimeout(timer);
          reject(err);
        });
      });
      req.on('error', (err) => {
        clearTimeout(timer);
        reject(err);
      });
      req.end(body);
    });
  }

  async function post(url: string, body: string, headers: Record<string, string>): Promise<void> {
    const parsed = new URL(url);
    let status: number;
    try {
      status = await request(parsed, body, headers);
    } catch (err) {
      throw new Error(`${parsed.origin}: ${describeError(err, timeoutMs)}`);
    }
    if (status >= 300 && status < 400)
      throw new Error(`${parsed.origin} answered HTTP ${status} (redirects are not followed)`);
    if (status < 200 || status >= 300) throw new Error(`${parsed.origin} answered HTTP ${status}`);
  }

  return {
    /** Slack's incoming-webhook format: `{"text": …}` with Slack's bold markup. */
    slack(target: Extract<ChannelTarget, { type: 'slack' }>, message: OutgoingMessage) {
      return post(target.url, JSON.stringify({ text: `*${message.subject}*\n${message.text}` }), {});
    },

    /** JSON `{event, delivery_id, sent_at, subject, text, alert}`, signed (see webhook-signature.ts). */
    webhook(target: Extract<ChannelTarget, { type: 'webhook' }>, message: OutgoingMessage) {
      const now = clock.now();
      const timestampS = Math.floor(now / 1000);
      const body = JSON.stringify({
        event: message.event,
        delivery_id: message.deliveryId,
        sent_at: new Date(now).toISOString(),
        subject: message.subject,
        text: message.text,
        alert: message.alert,
      });
      return post(target.url, body, {
        [EVENT_HEADER]: message.event,
        [DELIVERY_HEADER]: String(message.deliveryId),
        [TIMESTAMP_HEADER]: String(timestampS),
        [SIGNATURE_HEADER]: signWebhook(target.signingSecret, timestampS, body),
      });
    },
  };
}
