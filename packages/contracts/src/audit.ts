import { z } from 'zod';
import { instantSchema } from './instant';

export const auditOutcomes = ['success', 'failure', 'denied'] as const;

export const auditEntrySchema = z.object({
  id: z.number().int(),
  ts: z.iso.datetime(),
  actor: z.string().nullable(),
  ip: z.string().nullable(),
  action: z.string(),
  target: z.string().nullable(),
  outcome: z.enum(auditOutcomes),
  detail: z.string().nullable(),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;

export const auditQuerySchema = z.object({
  actor: z.string().max(64).optional(),
  action: z.string().max(64).optional(),
  outcome: z.enum(auditOutcomes).optional(),
  from: instantSchema.optional(),
  to: instantSchema.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});
export type AuditQuery = z.infer<typeof auditQuerySchema>;

export const auditListSchema = z.object({ items: z.array(auditEntrySchema), total: z.number().int() });
