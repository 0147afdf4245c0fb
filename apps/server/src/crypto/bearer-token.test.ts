import { describe, expect, it } from 'vitest';
import { extractBearerToken } from './bearer-token';
import { MAX_TOKEN_LENGTH } from './jwt';

const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhIn0.c2ln';

describe('extractBearerToken', () => {
  it.each([`Bearer ${jwt}`, `bearer ${jwt}`, `BEARER  ${jwt}`, ` Bearer ${jwt} `])('reads %j', (header) => {
    expect(extractBearerToken(header)).toBe(jwt);
  });

  it.each([
    [undefined, 'missing'],
    ['', 'missing'],
    ['   ', 'missing'],
    [jwt, 'scheme'],
    ['Basic YWxpY2U6cGFzc3dvcmQ=', 'scheme'],
    ['Bearerx abc', 'scheme'],
    ['Bearer', 'malformed'],
    ['Bearer ', 'malformed'],
    [`Bearer ${jwt} extra`, 'malformed'],
    [`Bearer ${jwt}, Bearer ${jwt}`, 'malformed'],
    [`Bearer\t${jwt}`, 'malformed'],
    [`Bearer ${'A'.repeat(MAX_TOKEN_LENGTH + 1)}`, 'malformed'],
    [`Bearer ${'A'.repeat(65536)}`, 'malformed'],
  ])('refuses %j (%s)', (header, reason) => {
    expect(() => extractBearerToken(header)).toThrow(expect.objectContaining({ name: 'TokenError', reason }));
  });
});
