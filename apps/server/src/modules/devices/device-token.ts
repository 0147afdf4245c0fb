import crypto from 'node:crypto';

/** 256 random bits: a hash without salt or stretching is enough, as nobody can guess it. */
export function newDeviceToken(): string {
  return `dtd_${crypto.randomBytes(32).toString('base64url')}`;
}

/** Keyed with SECRET_KEY, so a stolen database alone cannot be used to test guessed tokens. */
export function hashDeviceToken(secretKey: string, token: string): string {
  return crypto.createHmac('sha256', secretKey).update(token, 'utf8').digest('hex');
}

export function deviceTokenMatches(secretKey: string, token: string, storedHash: string): boolean {
  const actual = Buffer.from(hashDeviceToken(secretKey, token), 'hex');
  const expected = Buffer.from(storedHash, 'hex');
  return actual.length === expected.length && crypto.timingSafeEqual(actual, expected);
}

/** For a device whose token is not known (an imported one): no token matches it until rotated. */
export function unusableTokenHash(): string {
  return crypto.randomBytes(32).toString('hex');
}
