import { z } from 'zod';
import { lineErrorSchema } from './errors';

/**
 * Bulk provisioning (issue 18 §4): `POST /api/devices/import` with a `text/csv` body creates every
 * device of the file in one transaction, or none. The answer is a CSV `id,name,token` (the only
 * time the tokens are shown), or 400 with the problems of every bad line.
 */

export const DEVICE_IMPORT_MAX_BYTES = 1024 * 1024;
/** Devices in one file (the header line aside). */
export const DEVICE_IMPORT_MAX_ROWS = 5000;
/** At most this many line errors are listed; the message says how many there were. */
export const DEVICE_IMPORT_MAX_ERRORS = 200;

/** Columns a file may have; `id`, `name` and `model` are required. */
export const deviceImportColumns = [
  'id',
  'name',
  'model',
  'asset_id',
  'tags',
  'site',
  'zone',
  'x',
  'y',
  'manufacturer',
  'model_number',
  'firmware',
  'installed_at',
  'last_maintenance_at',
  'maintenance_mode',
] as const;
export type DeviceImportColumn = (typeof deviceImportColumns)[number];
export const requiredImportColumns: readonly DeviceImportColumn[] = ['id', 'name', 'model'];

/** One problem: the line (the header is line 1), the column (null when the whole line is wrong) and why. */
export const importLineErrorSchema = lineErrorSchema;
export type ImportLineError = z.infer<typeof importLineErrorSchema>;

export const deviceImportErrorBodySchema = z.object({
  error: z.object({
    code: z.literal('validation_failed'),
    message: z.string(),
    lines: z.array(importLineErrorSchema),
  }),
});
export type DeviceImportErrorBody = z.infer<typeof deviceImportErrorBodySchema>;

/** Header of the CSV answered on success. */
export const deviceImportResultColumns = ['id', 'name', 'token'] as const;
