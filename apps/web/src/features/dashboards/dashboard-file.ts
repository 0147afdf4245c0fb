import {
  createDashboardBodySchema,
  type CreateDashboardBody,
  type CustomDashboard,
} from '@dtwin/contracts/dashboards';
import { toExport } from './dashboards-api';

/** An import larger than this is not a dashboard (50 widgets of bounded options stay far below). */
export const MAX_IMPORT_BYTES = 1_000_000;

/** Offers the dashboard as a JSON file, in the shape `POST /api/dashboards` takes back. */
export function exportDashboard(dashboard: CustomDashboard): void {
  const blob = new Blob([JSON.stringify(toExport(dashboard), null, 2)], { type: 'application/json' });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = `${dashboard.name.replace(/[^\w.-]+/g, '-').slice(0, 60) || 'dashboard'}.json`;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** Reads an exported file; a clear message when it is not one. */
export async function readDashboardFile(file: File): Promise<CreateDashboardBody> {
  if (file.size > MAX_IMPORT_BYTES) throw new Error('This file is too large to be a dashboard (over 1 MB).');
  return parseDashboardFile(await file.text());
}

export function parseDashboardFile(text: string): CreateDashboardBody {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error('This file is not JSON.');
  }
  const parsed = createDashboardBodySchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(
      `This is not a dashboard file: ${issue?.path.join('.') || 'the file'} ${issue?.message ?? 'is invalid'}.`,
    );
  }
  return parsed.data;
}
