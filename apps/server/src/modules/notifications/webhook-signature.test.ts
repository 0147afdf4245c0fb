import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { describeFailure } from './channel-sender';
import { signWebhook, verifyWebhook } from './webhook-signature';

describe('webhook signatures', () => {
  const secret = 'a-signing-secret-0123456789';
  const body = '{"event":"alert.raised"}';

  it('is sha256= and the HMAC-SHA256 of "<timestamp>.<body>"', () => {
    const expected = crypto.createHmac('sha256', secret).update(`1767225600.${body}`).digest('hex');
    expect(signWebhook(secret, 1_767_225_600, body)).toBe(`sha256=${expected}`);
  });

  it('verifies a fresh, untouched request and refuses tampering and replays', () => {
    const signature = signWebhook(secret, 1000, body);
    expect(verifyWebhook(secret, { signature, timestamp: '1000' }, body, 1100)).toBe(true);
    expect(verifyWebhook(secret, { signature, timestamp: '1000' }, `${body} `, 1100)).toBe(false);
    expect(verifyWebhook('another-secret-0123456789', { signature, timestamp: '1000' }, body, 1100)).toBe(
      false,
    );
    expect(verifyWebhook(secret, { signature, timestamp: '1001' }, body, 1100)).toBe(false);
    expect(verifyWebhook(secret, { signature, timestamp: '1000' }, body, 1000 + 301)).toBe(false);
    expect(verifyWebhook(secret, { signature: undefined, timestamp: '1000' }, body, 1000)).toBe(false);
  });

  it('keeps secrets out of error texts', () => {
    const url = 'https://hooks.example.com/services/T000/B000/XXXXSECRET';
    const text = describeFailure(new Error(`request to ${url} failed; path /services/T000/B000/XXXXSECRET`), [
      url,
    ]);
    expect(text).not.toContain('XXXXSECRET');
    expect(describeFailure(new Error('535 auth failed for hunter2-password'), ['hunter2-password'])).toBe(
      '535 auth failed for [redacted]',
    );
  });
});
