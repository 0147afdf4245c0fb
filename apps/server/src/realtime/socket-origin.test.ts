import { describe, expect, it } from 'vitest';
import { createOriginCheck, normalizeOrigin } from './socket-origin';

describe('socket origin check', () => {
  const check = createOriginCheck(['https://dashboard.example', 'http://localhost:5173/']);

  it('allows a handshake without Origin (not a browser)', () => {
    expect(check.allows(undefined, 'plant.example:8080')).toBe(true);
  });

  it('allows listed origins, ignoring case, default ports and a trailing slash in the list', () => {
    expect(check.allows('https://dashboard.example', 'plant.example')).toBe(true);
    expect(check.allows('https://DASHBOARD.example:443', 'plant.example')).toBe(true);
    expect(check.allows('http://localhost:5173', 'plant.example')).toBe(true);
  });

  it("allows the server's own origin, over http or https, and nothing that only looks like it", () => {
    expect(check.allows('http://plant.example:8080', 'plant.example:8080')).toBe(true);
    expect(check.allows('https://plant.example', 'plant.example')).toBe(true);
    expect(check.allows('https://plant.example', 'plant.example:443')).toBe(true);
    expect(check.allows('http://plant.example:8081', 'plant.example:8080')).toBe(false);
    expect(check.allows('http://evil.example', 'plant.example')).toBe(false);
    expect(check.allows('http://plant.example.evil.example', 'plant.example')).toBe(false);
    expect(check.allows('http://plant.example', undefined)).toBe(false);
    expect(check.allows('http://plant.example', 'plant.example/../x')).toBe(false);
  });

  it('refuses other origins, null, other schemes and malformed values', () => {
    for (const origin of [
      'https://evil.example',
      'http://dashboard.example',
      'https://dashboard.example:8443',
      'null',
      'file://',
      'ws://plant.example',
      'https://user@dashboard.example',
      'https://dashboard.example/path',
      '',
      'not a url',
    ]) {
      expect(check.allows(origin, 'plant.example'), origin).toBe(false);
    }
  });

  it("'*' allows every origin (refused by the configuration in production)", () => {
    expect(createOriginCheck(['*']).allows('https://anything.example', 'plant.example')).toBe(true);
    expect(createOriginCheck(['*']).listed('https://anything.example')).toBe(true);
  });

  it('lists only configured origins for CORS response headers', () => {
    expect(check.listed('https://dashboard.example')).toBe(true);
    expect(check.listed('http://plant.example:8080')).toBe(false);
  });

  it('normalizes origins', () => {
    expect(normalizeOrigin('HTTPS://Example.COM:443/')).toBe('https://example.com');
    expect(normalizeOrigin('http://example.com:80')).toBe('http://example.com');
    expect(normalizeOrigin('http://example.com:8080')).toBe('http://example.com:8080');
    expect(normalizeOrigin('http://[::1]:8080')).toBe('http://[::1]:8080');
    expect(normalizeOrigin('javascript:alert(1)')).toBeNull();
  });
});
