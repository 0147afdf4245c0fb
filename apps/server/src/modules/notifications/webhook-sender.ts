import type { Clock } from '../../lib/clock';
import { SEND_TIMEOUT_MS, type ChannelTarget, type OutgoingMessage } from './channel-sender';
import {
  DELIVERY_HEADER,
  EVENT_HEADER,
  signWebhook,
  SIGNATURE_HEADER,
  TIMESTAMP_HEADER,
} from './webhook-signature';

type Fetch = typeof fetch;

/** Why a request failed, in words that name the host but never the URL's secret path. */
function describeFetchError(err: unknown, timeoutMs: number): string {
  if (err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError'))
    return `no answer within ${timeoutMs} ms`;
  const cause =
    err instanceof Error ? (err.cause as { code?: string; message?: string } | undefined) : undefined;
  return cause?.code ?? cause?.message ?? (err instanceof Error ? err.message : String(err));
}

/**
 * Slack-compatible and generic webhooks: one POST to the configured URL only (redirects are
 * not followed), with a time-out on the whole exchange. Any 2xx is success.
 */
export function createWebhookSenders({
  clock,
  timeoutMs = SEND_TIMEOUT_MS,
  fetchImpl = fetch,
}: {
  clock: Clock;
  timeoutMs?: number;
  fetchImpl?: Fetch;
}) {
  async function post(url: string, body: string, headers: Record<string, string>): Promise<void> {
    const origin = new URL(url).origin;
    const signal = AbortSignal.timeout(timeoutMs);
    let response: Response;
    try {
      response = await fetchImpl(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': 'DigitalTwin-Notifier/1', ...headers },
        body,
        redirect: 'manual',
        signal,
      });
      await response.arrayBuffer().catch(() => undefined);
    } catch (err) {
      throw new Error(`${origin}: ${describeFetchError(err, timeoutMs)}`);
    }
    if (response.status >= 300 && response.status < 400)
      throw new Error(`${origin} answered HTTP ${response.status} (redirects are not followed)`);
    if (response.status < 200 || response.status >= 300)
      throw new Error(`${origin} answered HTTP ${response.status}`);
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
