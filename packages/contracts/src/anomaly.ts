import { z } from 'zod';

/** A change made on purpose after which the device's anomaly baselines were re-learnt. */
export const rebaselineContextSchema = z.object({
  /** e.g. `speed_setpoint_rpm 2900 → 2500`, `maintenance mode entered`. */
  reason: z.string(),
  at: z.iso.datetime(),
  /** The end of the re-baselining period: until then the device raises no anomaly. */
  until: z.iso.datetime(),
  active: z.boolean(),
  /** `re-baselined after speed_setpoint_rpm 2900 → 2500 at 2026-…Z` */
  message: z.string(),
});
export type RebaselineContext = z.infer<typeof rebaselineContextSchema>;

/** `GET /api/devices/{id}/anomaly`: the anomaly detector's context for the device. */
export const deviceAnomalySchema = z.object({
  device_id: z.string(),
  /** The last re-baselining (null: none since the detector started). */
  context: rebaselineContextSchema.nullable(),
});
export type DeviceAnomaly = z.infer<typeof deviceAnomalySchema>;
