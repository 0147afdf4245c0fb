import { z } from 'zod';
import { severitySchema } from './alerts';
import { emailSchema } from './auth';

export const channelTypes = ['email', 'slack', 'webhook'] as const;
export const channelTypeSchema = z.enum(channelTypes);
export type ChannelType = z.infer<typeof channelTypeSchema>;

/** Where an SMTP channel sends; the password travels separately and is stored encrypted. */
export const emailSettingsSchema = z.object({
  host: z.string().trim().min(1).max(255),
  port: z.number().int().min(1).max(65_535).default(587),
  /** TLS from the first byte (port 465); otherwise STARTTLS is used when the server offers it. */
  secure: z.boolean().default(false),
  user: z.string().max(255).nullable().default(null),
  from: emailSchema,
  to: z.array(emailSchema).min(1).max(50),
});
export type EmailSettings = z.infer<typeof emailSettingsSchema>;

/** A webhook URL is a secret (a Slack URL is its own credential): stored encrypted, never returned. */
export const webhookUrlSchema = z
  .string()
  .max(2048)
  .pipe(z.url({ protocol: /^https?$/, message: 'must be an http or https URL' }));

const base = {
  name: z.string().trim().min(1).max(120),
  /** The channel receives alerts of this severity and above. */
  min_severity: severitySchema.default('warning'),
  enabled: z.boolean().default(true),
};

export const createChannelBodySchema = z.discriminatedUnion('type', [
  z.object({
    ...base,
    type: z.literal('email'),
    email: emailSettingsSchema,
    password: z.string().min(1).max(1024).optional(),
  }),
  z.object({ ...base, type: z.literal('slack'), url: webhookUrlSchema }),
  z.object({
    ...base,
    type: z.literal('webhook'),
    url: webhookUrlSchema,
    /** The key of the HMAC-SHA256 signature sent with every delivery. */
    signing_secret: z.string().min(16, 'must be at least 16 characters').max(1024),
  }),
]);
export type CreateChannelBody = z.infer<typeof createChannelBodySchema>;

/** Fields that do not belong to the channel's type are refused. `password: null` removes the SMTP password. */
export const updateChannelBodySchema = z
  .object({
    name: base.name,
    min_severity: severitySchema,
    enabled: z.boolean(),
    email: emailSettingsSchema,
    password: z.string().min(1).max(1024).nullable(),
    url: webhookUrlSchema,
    signing_secret: z.string().min(16, 'must be at least 16 characters').max(1024),
  })
  .partial()
  .refine((body) => Object.keys(body).length > 0, { message: 'nothing to change' });
export type UpdateChannelBody = z.infer<typeof updateChannelBodySchema>;

export const channelSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  type: channelTypeSchema,
  min_severity: severitySchema,
  enabled: z.boolean(),
  /** SMTP settings (never the password); null for webhooks. */
  email: emailSettingsSchema.nullable(),
  /** Whether a secret (password, URL, signing secret) is stored. */
  has_secret: z.boolean(),
  /** Enough to recognise the target without revealing the secret: the SMTP host or the URL's origin. */
  secret_hint: z.string().nullable(),
  created_at: z.iso.datetime(),
  updated_at: z.iso.datetime(),
});
export type Channel = z.infer<typeof channelSchema>;

export const channelListSchema = z.object({ items: z.array(channelSchema), total: z.number().int() });
export const channelIdParamsSchema = z.object({ id: z.coerce.number().int().positive() });

export const notificationKinds = ['raise', 'escalation', 'test'] as const;
export const notificationKindSchema = z.enum(notificationKinds);
export type NotificationKind = z.infer<typeof notificationKindSchema>;

/** One row per attempt: a failed attempt that will be retried is followed by a `pending` one. */
export const notificationStatuses = ['pending', 'sending', 'sent', 'failed'] as const;
export const notificationStatusSchema = z.enum(notificationStatuses);
export type NotificationStatus = z.infer<typeof notificationStatusSchema>;

export const notificationSchema = z.object({
  id: z.number().int(),
  alert_id: z.number().int().nullable(),
  channel_id: z.number().int(),
  channel_name: z.string(),
  channel_type: channelTypeSchema,
  kind: notificationKindSchema,
  severity: severitySchema,
  subject: z.string(),
  status: notificationStatusSchema,
  attempt: z.number().int(),
  /** Why the attempt failed (never a secret). */
  error: z.string().nullable(),
  /** When the attempt is (or was) due. */
  scheduled_at: z.iso.datetime(),
  attempted_at: z.iso.datetime().nullable(),
  created_at: z.iso.datetime(),
});
export type Notification = z.infer<typeof notificationSchema>;

export const notificationListQuerySchema = z.object({
  alert_id: z.coerce.number().int().positive().optional(),
  channel_id: z.coerce.number().int().positive().optional(),
  status: notificationStatusSchema.optional(),
  kind: notificationKindSchema.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});
export type NotificationListQuery = z.infer<typeof notificationListQuerySchema>;

export const notificationListSchema = z.object({
  items: z.array(notificationSchema),
  total: z.number().int(),
});

export const channelTestResultSchema = z.object({
  delivered: z.boolean(),
  error: z.string().nullable(),
  notification_id: z.number().int(),
});
export type ChannelTestResult = z.infer<typeof channelTestResultSchema>;
