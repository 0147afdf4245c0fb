import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createDeviceBodySchema } from '@dtwin/contracts/devices';
import { installFriendlyMessages } from '@dtwin/contracts/messages';

installFriendlyMessages();

const messageOf = (schema: z.ZodType, input: unknown) => {
  const result = schema.safeParse(input);
  return result.success ? null : result.error.issues[0]?.message;
};

describe('validation messages people understand', () => {
  it('says how long a text may be, not how zod compares it', () => {
    const result = createDeviceBodySchema.safeParse({
      id: 'PUMP_1',
      name: 'x'.repeat(121),
      model: 'centrifugal_pump',
    });
    expect(result.success).toBe(false);
    const name = result.error?.issues.find((i) => i.path[0] === 'name');
    expect(name?.message).toBe('at most 120 characters');
  });

  it('words the other common problems', () => {
    expect(messageOf(z.string().min(1), '')).toBe('is required');
    expect(messageOf(z.object({ a: z.string() }), {})).toBe('is required');
    expect(messageOf(z.number().max(100), 101)).toBe('must be at most 100');
    expect(messageOf(z.number(), 'x')).toBe('must be a number');
    expect(messageOf(z.email(), 'nope')).toBe('must be an e-mail address');
    expect(messageOf(z.enum(['a', 'b']), 'c')).toBe('must be one of a, b');
    expect(messageOf(z.array(z.string()).max(2), ['a', 'b', 'c'])).toBe('at most 2 items');
  });

  it('keeps a message a schema states itself', () => {
    expect(messageOf(z.string().max(3, 'too long for a code'), 'abcd')).toBe('too long for a code');
  });
});
