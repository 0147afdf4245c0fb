import { z } from 'zod';

export const roles = ['admin', 'operator', 'viewer'] as const;
export const roleSchema = z.enum(roles);
export type Role = z.infer<typeof roleSchema>;

/** Compared ignoring case and Unicode form (NFKC): `Ａｄｍｉｎ`, `ADMIN` and `admin` are one name. */
export const usernameSchema = z
  .string()
  .trim()
  .normalize('NFKC')
  .min(3, 'must be at least 3 characters')
  .max(64, 'must be at most 64 characters')
  .regex(/^[A-Za-z0-9_.@-]+$/, 'may contain letters, digits and _ . @ - only');

export const passwordSchema = z
  .string()
  .min(10, 'must be at least 10 characters')
  .max(256, 'must be at most 256 characters');

export const emailSchema = z.email('must be an e-mail address').max(254);

export const loginBodySchema = z.object({
  username: z.string().min(1).max(256),
  password: z.string().min(1).max(1024),
});
export type LoginBody = z.infer<typeof loginBodySchema>;

export const loginResponseSchema = z.object({ access_token: z.string() });
export type LoginResponse = z.infer<typeof loginResponseSchema>;

/** A `role` in the body is not part of the shape: self-registration always creates a viewer. */
export const registerBodySchema = z.object({
  username: usernameSchema,
  password: passwordSchema,
  email: emailSchema.optional(),
});
export type RegisterBody = z.infer<typeof registerBodySchema>;

/**
 * The answer to every accepted registration, whether or not the name or e-mail was free: who has
 * an account is not told to whoever asks. The new user signs in to find out.
 */
export const registerResponseSchema = z.object({ ok: z.literal(true), message: z.string() });
export type RegisterResponse = z.infer<typeof registerResponseSchema>;

export const whoamiSchema = z.object({
  id: z.number().int(),
  username: z.string(),
  role: roleSchema,
  email: z.string().nullable(),
});
export type WhoAmI = z.infer<typeof whoamiSchema>;
