import { deviceImportErrorBodySchema, type ImportLineError } from '@dtwin/contracts/device-import';
import { isApiError } from '../../lib/api-error';
import type { HttpClient } from '../../lib/http';

export type ImportResult =
  | { ok: true; count: number; tokens: Blob; fileName: string }
  | { ok: false; message: string; lines: ImportLineError[] };

/**
 * Sends a device file. A refusal with line errors comes back as a result to show (nothing was
 * imported); any other failure is thrown.
 */
export async function importDevices(http: HttpClient, csv: string): Promise<ImportResult> {
  try {
    const body = new Blob([csv], { type: 'text/csv' });
    const file = await http.upload('/api/devices/import', { body, contentType: 'text/csv' });
    const text = await file.blob.text();
    const count = Math.max(0, text.trim().split(/\r?\n/).length - 1);
    return { ok: true, count, tokens: file.blob, fileName: file.fileName ?? 'device-tokens.csv' };
  } catch (error) {
    const parsed = isApiError(error) ? deviceImportErrorBodySchema.safeParse(error.body) : undefined;
    if (parsed?.success)
      return { ok: false, message: parsed.data.error.message, lines: parsed.data.error.lines };
    throw error;
  }
}
