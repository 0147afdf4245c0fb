import { z } from 'zod';

export const recommendationTypes = [
  'maintenance',
  'optimization',
  'operational',
  'preventive',
  'emergency',
] as const;
export const recommendationPriorities = ['critical', 'high', 'medium', 'low'] as const;
export const recommendationStatuses = ['open', 'acknowledged', 'done', 'dismissed'] as const;
export const recommendationTimeframes = ['immediate', '24h', '7d', '30d', 'next_service'] as const;

export const recommendationEvidenceSchema = z.object({
  source: z.enum(['health', 'prediction', 'alert', 'pattern', 'device']),
  metric: z.string().nullable(),
  detail: z.string(),
  value: z.number().nullable(),
});
export type RecommendationEvidence = z.infer<typeof recommendationEvidenceSchema>;

export const recommendationSchema = z.object({
  id: z.number().int(),
  device_id: z.string(),
  /** The problem it is about, stable across recomputations (e.g. `failure:vibration`): one per device and problem. */
  key: z.string(),
  type: z.enum(recommendationTypes),
  title: z.string(),
  action: z.string(),
  urgency: z.number().min(0).max(1),
  impact: z.number().min(0).max(1),
  feasibility: z.number().min(0).max(1),
  cost_effectiveness: z.number().min(0).max(1),
  risk_reduction: z.number().min(0).max(1),
  /** 0.30 urgency + 0.25 impact + 0.20 feasibility + 0.15 cost-effectiveness + 0.10 risk reduction. */
  score: z.number().min(0).max(1),
  priority: z.enum(recommendationPriorities),
  timeframe: z.enum(recommendationTimeframes),
  due_at: z.iso.datetime().nullable(),
  evidence: z.array(recommendationEvidenceSchema),
  status: z.enum(recommendationStatuses),
  created_at: z.iso.datetime(),
  updated_at: z.iso.datetime(),
  status_changed_at: z.iso.datetime().nullable(),
  /** A username, or `system` when the problem cleared by itself. */
  status_changed_by: z.string().nullable(),
  resolution: z.string().nullable(),
});
export type Recommendation = z.infer<typeof recommendationSchema>;

export const recommendationListQuerySchema = z.object({
  device_id: z.string().max(64).optional(),
  status: z.enum(recommendationStatuses).optional(),
  priority: z.enum(recommendationPriorities).optional(),
  type: z.enum(recommendationTypes).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});
export type RecommendationListQuery = z.infer<typeof recommendationListQuerySchema>;

export const recommendationListSchema = z.object({
  items: z.array(recommendationSchema),
  total: z.number().int(),
});

export const recommendationIdParamsSchema = z.object({ id: z.coerce.number().int().min(1) });

/** open → acknowledged → done or dismissed (done and dismissed are final). */
export const patchRecommendationBodySchema = z.object({
  status: z.enum(['acknowledged', 'done', 'dismissed']),
  note: z.string().max(500).optional(),
});
export type PatchRecommendationBody = z.infer<typeof patchRecommendationBodySchema>;

export const recommendationResponseSchema = z.object({ recommendation: recommendationSchema });
