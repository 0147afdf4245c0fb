import { z } from 'zod';
import { emailSchema, passwordSchema, roleSchema, usernameSchema } from './auth';

export const userSchema = z.object({
  id: z.number().int(),
  username: z.string(),
  email: z.string().nullable(),
  /** Set when the stored e-mail does not decrypt (corrupt or an unknown key); `email` is then null. */
  email_unreadable: z.literal(true).optional(),
  role: roleSchema,
  disabled: z.boolean(),
  created_at: z.iso.datetime(),
  last_login_at: z.iso.datetime().nullable(),
});
export type User = z.infer<typeof userSchema>;

export const userListQuerySchema = z.object({
  q: z.string().max(64).optional(),
  role: roleSchema.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});
export type UserListQuery = z.infer<typeof userListQuerySchema>;

export const userListSchema = z.object({ items: z.array(userSchema), total: z.number().int() });

export const createUserBodySchema = z.object({
  username: usernameSchema,
  password: passwordSchema,
  email: emailSchema.optional(),
  role: roleSchema.default('viewer'),
});
export type CreateUserBody = z.infer<typeof createUserBodySchema>;

export const updateUserBodySchema = z
  .object({
    role: roleSchema.optional(),
    disabled: z.boolean().optional(),
    password: passwordSchema.optional(),
    email: emailSchema.nullable().optional(),
  })
  .refine((body) => Object.keys(body).length > 0, { message: 'nothing to change' });
export type UpdateUserBody = z.infer<typeof updateUserBodySchema>;

export const userIdParamsSchema = z.object({ id: z.coerce.number().int().positive() });

export const userResponseSchema = z.object({ user: userSchema });
