import { localInputToIso } from '../../lib/format';

export const periods = [
  { value: '24h', label: 'Last 24 hours', ms: 86_400_000 },
  { value: '7d', label: 'Last 7 days', ms: 7 * 86_400_000 },
  { value: '30d', label: 'Last 30 days', ms: 30 * 86_400_000 },
  { value: 'custom', label: 'Custom range', ms: 0 },
] as const;

export type Period = (typeof periods)[number]['value'];

export const periodOptions = periods.map(({ value, label }) => ({ value, label }));

/**
 * The instants (UTC ISO) a period stands for: a preset ends now; a custom range comes from two
 * local datetime inputs. An error says in words what is wrong with the range.
 */
export function resolvePeriod(
  period: Period,
  custom: { from: string; to: string },
  now = Date.now(),
): { from: string; to: string } | { error: string } {
  if (period !== 'custom') {
    const ms = periods.find((p) => p.value === period)?.ms ?? 0;
    return { from: new Date(now - ms).toISOString(), to: new Date(now).toISOString() };
  }
  const from = localInputToIso(custom.from);
  const to = localInputToIso(custom.to);
  if (!from || !to) return { error: 'Choose both the start and the end of the range.' };
  if (from >= to) return { error: 'The end of the range must be after its start.' };
  return { from, to };
}
