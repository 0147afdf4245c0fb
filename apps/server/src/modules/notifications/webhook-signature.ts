import crypto from 'node:crypto';

export const SIGNATURE_HEADER = 'x-digitaltwin-signature';
export const TIMESTAMP_HEADER = 'x-digitaltwin-timestamp';
export const EVENT_HEADER = 'x-digitaltwin-event';
export const DELIVERY_HEADER = 'x-digitaltwin-delivery';

/**
 * Generic webhooks are signed like Stripe's and Slack's: `X-DigitalTwin-Timestamp` is the send
 * time in Unix seconds and `X-DigitalTwin-Signature` is `sha256=` + the hex HMAC-SHA256, keyed
 * with the channel's signing secret, of `<timestamp>.<raw request body>`. A receiver recomputes
 * it over the bytes it received, compares in constant time, and refuses a timestamp more than
 * a few minutes old, so a captured request cannot be replayed later.
 */
export function signWebhook(secret: string, timestampS: number, body: string): string {
  return `sha256=${crypto.createHmac('sha256', secret).update(`${timestampS}.${body}`).digest('hex')}`;
}

/** The receiver's side, for integrators and tests. */
export function verifyWebhook(
  secret: string,
  headers: { signature: string | undefined; timestamp: string | undefined },
  body: string,
  nowS: number,
  toleranceS = 300,
): boolean {
  const timestampS = Number(headers.timestamp);
  if (!headers.signature || !Number.isInteger(timestampS) || Math.abs(nowS - timestampS) > toleranceS)
    return false;
  const expected = Buffer.from(signWebhook(secret, timestampS, body));
  const given = Buffer.from(headers.signature);
  return expected.length === given.length && crypto.timingSafeEqual(expected, given);
}
