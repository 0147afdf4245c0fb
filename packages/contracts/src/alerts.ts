import { z } from 'zod';
import { assetIdSchema } from './asset-id';
import { deviceIdSchema } from './devices';
import { metricNameSchema, modelIdSchema } from './models';

export const severities = ['info', 'warning', 'critical'] as const;
export const severitySchema = z.enum(severities);
export type Severity = z.infer<typeof severitySchema>;

/** `active`, `acknowledged` and `shelved` alerts are open; `cleared` and `resolved` ones are closed. */
export const alertStates = ['active', 'acknowledged', 'cleared', 'resolved', 'shelved'] as const;
export const alertStateSchema = z.enum(alertStates);
export type AlertState = z.infer<typeof alertStateSchema>;

/** `outside` fires when the value is below `threshold` or above `threshold_high`. */
export const ruleOperators = ['>', '>=', '<', '<=', '==', '!=', 'outside'] as const;
export const ruleOperatorSchema = z.enum(ruleOperators);
export type RuleOperator = z.infer<typeof ruleOperatorSchema>;

/**
 * Signals that are not telemetry metrics but can be watched by rules: scores the analytics
 * compute per device, and `offline` (1 while the twin is offline, 0 while online).
 */
export const derivedSignals = ['anomaly_score', 'health_score', 'failure_probability', 'offline'] as const;

/**
 * No device and no model: every device. At most one of the three. `asset_id`: the rule watches
 * that asset's computed metric (`metric` names it) instead of devices.
 */
export const alertRuleScopeSchema = z
  .object({
    device_id: deviceIdSchema.nullable().optional(),
    model: modelIdSchema.nullable().optional(),
    asset_id: assetIdSchema.nullable().optional(),
  })
  .refine((s) => [s.device_id, s.model, s.asset_id].filter(Boolean).length <= 1, {
    message: 'name a device, a model or an asset, not several',
  });

const finite = z.number().refine(Number.isFinite, 'must be a finite number');

/** The editable fields, without defaults, so a PATCH only carries what it changes. */
const ruleFields = {
  name: z.string().trim().min(1).max(120),
  description: z.string().max(1000),
  scope: alertRuleScopeSchema,
  metric: metricNameSchema,
  operator: ruleOperatorSchema,
  threshold: finite,
  /** The upper bound of an `outside` rule; null for the other operators. */
  threshold_high: finite.nullable(),
  /** How long the condition must hold (by the readings' timestamps) before the alert is raised. */
  duration_s: z
    .number()
    .int()
    .min(0)
    .max(7 * 86_400),
  severity: severitySchema,
  /** The value must come back past the threshold by this much before the alert clears. */
  hysteresis: z.number().min(0).refine(Number.isFinite, 'must be a finite number'),
  /** After an alert clears, a new occurrence within this time reopens it instead of raising a new one. */
  cooldown_s: z
    .number()
    .int()
    .min(0)
    .max(7 * 86_400),
  enabled: z.boolean(),
  /** Channels to notify; empty means every enabled channel whose minimum severity the alert meets. */
  channel_ids: z.array(z.number().int().positive()).max(20),
};

const thresholdsAgree = (
  rule: { operator?: RuleOperator; threshold?: number; threshold_high?: number | null },
  ctx: z.RefinementCtx,
) => {
  if (rule.operator === 'outside') {
    if (rule.threshold_high === undefined || rule.threshold_high === null) {
      ctx.addIssue({
        code: 'custom',
        path: ['threshold_high'],
        message: 'is required for the outside operator',
      });
    } else if (rule.threshold !== undefined && rule.threshold_high <= rule.threshold) {
      ctx.addIssue({ code: 'custom', path: ['threshold_high'], message: 'must be greater than threshold' });
    }
  } else if (
    rule.operator !== undefined &&
    rule.threshold_high !== undefined &&
    rule.threshold_high !== null
  ) {
    ctx.addIssue({ code: 'custom', path: ['threshold_high'], message: 'is only for the outside operator' });
  }
};

export const createAlertRuleBodySchema = z
  .object({
    ...ruleFields,
    description: ruleFields.description.default(''),
    scope: ruleFields.scope.default({}),
    threshold_high: ruleFields.threshold_high.default(null),
    duration_s: ruleFields.duration_s.default(0),
    hysteresis: ruleFields.hysteresis.default(0),
    cooldown_s: ruleFields.cooldown_s.default(60),
    enabled: ruleFields.enabled.default(true),
    channel_ids: ruleFields.channel_ids.default([]),
  })
  .superRefine(thresholdsAgree);
export type CreateAlertRuleBody = z.infer<typeof createAlertRuleBodySchema>;

export const updateAlertRuleBodySchema = z
  .object(ruleFields)
  .partial()
  .refine((body) => Object.keys(body).length > 0, { message: 'nothing to change' });
export type UpdateAlertRuleBody = z.infer<typeof updateAlertRuleBodySchema>;

/** A complete rule's fields, checked together (after a PATCH is merged into the stored rule). */
export const alertRuleDefinitionSchema = z.object(ruleFields).superRefine(thresholdsAgree);
export type AlertRuleDefinition = z.infer<typeof alertRuleDefinitionSchema>;

export const alertRuleSchema = z.object({
  id: z.number().int(),
  ...ruleFields,
  scope: z.object({
    device_id: z.string().nullable(),
    model: z.string().nullable(),
    asset_id: z.string().nullable().optional(),
  }),
  /** Installed by the server (the defaults of the original system and the analytics rules). */
  builtin: z.boolean(),
  shelved_until: z.iso.datetime().nullable(),
  shelved_by: z.string().nullable(),
  shelve_reason: z.string().nullable(),
  created_at: z.iso.datetime(),
  updated_at: z.iso.datetime(),
});
export type AlertRule = z.infer<typeof alertRuleSchema>;

export const alertRuleListSchema = z.object({ items: z.array(alertRuleSchema), total: z.number().int() });
export const alertRuleIdParamsSchema = z.object({ id: z.coerce.number().int().positive() });

export const shelveBodySchema = z.object({
  duration_s: z
    .number()
    .int()
    .min(60)
    .max(30 * 86_400),
  reason: z.string().trim().min(1).max(500),
});
export type ShelveBody = z.infer<typeof shelveBodySchema>;

export const alertSchema = z.object({
  id: z.number().int(),
  /** The rule's id. */
  rule: z.number().int(),
  rule_name: z.string(),
  device_id: z.string(),
  metric: z.string(),
  severity: severitySchema,
  state: alertStateSchema,
  /** The latest value that met the condition (or, once cleared, the value that cleared it). */
  value: z.number(),
  message: z.string(),
  /** Readings that met the condition while the alert was open, re-occurrences included. */
  count: z.number().int(),
  /** Shared by alerts of one flood (same rule on several devices, or several rules on one device, close together). */
  group_id: z.string().nullable(),
  started_at: z.iso.datetime(),
  updated_at: z.iso.datetime(),
  cleared_at: z.iso.datetime().nullable(),
  acknowledged_by: z.string().nullable(),
  acknowledged_at: z.iso.datetime().nullable(),
  resolved_by: z.string().nullable(),
  resolved_at: z.iso.datetime().nullable(),
  shelved_until: z.iso.datetime().nullable(),
  shelved_by: z.string().nullable(),
  shelve_reason: z.string().nullable(),
  escalated_at: z.iso.datetime().nullable(),
});
export type Alert = z.infer<typeof alertSchema>;

const stateList = z
  .string()
  .max(100)
  .transform((v) => v.split(',').map((s) => s.trim()))
  .pipe(z.array(alertStateSchema).min(1));

export const alertListQuerySchema = z.object({
  /** One state or a comma list: `state=active,acknowledged`. */
  state: stateList.optional(),
  severity: severitySchema.optional(),
  device_id: deviceIdSchema.optional(),
  /**
   * An asset and everything under it: alerts of the devices of its subtree, and alerts raised by
   * rules on the computed metrics of the asset and its sub-assets (their subject is the asset).
   */
  asset_id: assetIdSchema.optional(),
  rule: z.coerce.number().int().positive().optional(),
  group_id: z.string().max(40).optional(),
  /** `true` adds `groups`: the floods among the matching alerts, newest first. */
  group: z
    .enum(['true', 'false', '1', '0'])
    .transform((v) => v === 'true' || v === '1')
    .optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});
export type AlertListQuery = z.infer<typeof alertListQuerySchema>;

export const alertGroupSchema = z.object({
  group_id: z.string(),
  alert_count: z.number().int(),
  severity: severitySchema,
  device_ids: z.array(z.string()),
  rule_names: z.array(z.string()),
  first_started_at: z.iso.datetime(),
  last_started_at: z.iso.datetime(),
});
export type AlertGroup = z.infer<typeof alertGroupSchema>;

export const alertListSchema = z.object({
  items: z.array(alertSchema),
  total: z.number().int(),
  groups: z.array(alertGroupSchema).optional(),
});
export type AlertList = z.infer<typeof alertListSchema>;

export const alertIdParamsSchema = z.object({ id: z.coerce.number().int().positive() });

/** The most alerts one bulk action changes. */
export const MAX_BULK_ALERTS = 200;

/** `POST /api/alerts/bulk`: acknowledge, resolve or shelve many alerts at once. */
export const bulkAlertBodySchema = z
  .object({
    ids: z
      .array(z.number().int().positive())
      .min(1, 'choose at least one alert')
      .max(MAX_BULK_ALERTS, `at most ${MAX_BULK_ALERTS} alerts at once`),
    action: z.enum(['acknowledge', 'resolve', 'shelve']),
    /** Required for `shelve`. */
    shelve: shelveBodySchema.optional(),
  })
  .refine((b) => b.action !== 'shelve' || b.shelve !== undefined, {
    message: 'say for how long and why to shelve',
    path: ['shelve'],
  });
export type BulkAlertBody = z.infer<typeof bulkAlertBodySchema>;

/** One outcome per alert asked for: the alert as it now is, or why it was left alone. */
export const bulkAlertResultSchema = z.object({
  results: z.array(
    z.object({
      id: z.number().int(),
      ok: z.boolean(),
      alert: alertSchema.optional(),
      error: z.string().optional(),
    }),
  ),
});
export type BulkAlertResult = z.infer<typeof bulkAlertResultSchema>;

/** The longest comment and the most comments one alert keeps. */
export const MAX_COMMENT_LENGTH = 2000;
export const MAX_COMMENTS_PER_ALERT = 500;

export const alertCommentBodySchema = z.object({
  body: z
    .string()
    .trim()
    .min(1, 'write something')
    .max(MAX_COMMENT_LENGTH, `at most ${MAX_COMMENT_LENGTH} characters`),
});
export type AlertCommentBody = z.infer<typeof alertCommentBodySchema>;

export const alertCommentSchema = z.object({
  id: z.number().int(),
  alert_id: z.number().int(),
  author: z.string(),
  body: z.string(),
  created_at: z.iso.datetime(),
});
export type AlertComment = z.infer<typeof alertCommentSchema>;

export const alertCommentListSchema = z.object({ items: z.array(alertCommentSchema) });
