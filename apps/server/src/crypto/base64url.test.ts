import { describe, expect, it } from 'vitest';
import { decodeBase64UrlStrict, encodeBase64Url } from './base64url';

describe('base64url', () => {
  it('pads only when asked', () => {
    const bytes = Buffer.from([0xfb, 0xff]);
    expect(encodeBase64Url(bytes, { pad: true })).toBe('-_8=');
    expect(encodeBase64Url(bytes, { pad: false })).toBe('-_8');
  });

  it('round-trips every length from 0 to 40 bytes', () => {
    for (let n = 0; n <= 40; n++) {
      const bytes = Buffer.from(Array.from({ length: n }, (_, i) => (i * 37 + n) & 0xff));
      for (const pad of [true, false]) {
        expect(decodeBase64UrlStrict(encodeBase64Url(bytes, { pad }), { pad })).toEqual(bytes);
      }
    }
  });

  it.each([
    ['standard alphabet', '+/8=', true],
    ['missing padding', '-_8', true],
    ['padding where none is allowed', '-_8=', false],
    ['too much padding', '-_8==', true],
    ['whitespace', '-_8= ', true],
    ['newline', '-_8=\n', true],
    ['junk character', '-_*8=', true],
    ['non-canonical trailing bits', '-_9=', true],
    ['impossible length', 'A', false],
  ])('rejects %s', (_name, text, pad) => {
    expect(decodeBase64UrlStrict(text, { pad })).toBeUndefined();
  });
});
