import type { TelemetrySeries } from '@dtwin/contracts/telemetry';

/** The preset ranges of the device charts, newest data at the right edge. */
export const rangePresets = [
  { key: '15m', label: '15 min', ms: 15 * 60_000 },
  { key: '1h', label: '1 h', ms: 3_600_000 },
  { key: '6h', label: '6 h', ms: 6 * 3_600_000 },
  { key: '24h', label: '24 h', ms: 24 * 3_600_000 },
  { key: '7d', label: '7 d', ms: 7 * 86_400_000 },
  { key: '30d', label: '30 d', ms: 30 * 86_400_000 },
] as const;

export type PresetKey = (typeof rangePresets)[number]['key'];
export const DEFAULT_RANGE: PresetKey = '1h';

/** A preset follows "now" (live appends); a custom range is a fixed stretch of the past. */
export type TimeRange =
  { kind: 'preset'; key: PresetKey; ms: number } | { kind: 'custom'; from: number; to: number };

/** `?range=6h`, or `?from=…&to=…` (ISO) for a custom range; anything else is the default. */
export function readTimeRange(params: URLSearchParams): TimeRange {
  const from = Date.parse(params.get('from') ?? '');
  const to = Date.parse(params.get('to') ?? '');
  if (Number.isFinite(from) && Number.isFinite(to) && from < to) return { kind: 'custom', from, to };
  const preset = rangePresets.find((p) => p.key === params.get('range')) ?? presetOf(DEFAULT_RANGE);
  return { kind: 'preset', key: preset.key, ms: preset.ms };
}

function presetOf(key: PresetKey) {
  return rangePresets.find((p) => p.key === key) ?? rangePresets[1];
}

/** A stable text key for queries and React keys. */
export function rangeKey(range: TimeRange): string {
  return range.kind === 'preset' ? range.key : `${range.from}-${range.to}`;
}

/** The stretch to ask the history API for, as of `now`. */
export function rangeBounds(range: TimeRange, now: number): { from: number; to: number } {
  return range.kind === 'preset' ? { from: now - range.ms, to: now } : { from: range.from, to: range.to };
}

export function rangeSpan(range: TimeRange): number {
  return range.kind === 'preset' ? range.ms : range.to - range.from;
}

/** Milliseconds per point of a history step: live readings fold into buckets of that size. */
export function stepMs(step: TelemetrySeries['step']): number {
  return { raw: 0, '1m': 60_000, '1h': 3_600_000, '1d': 86_400_000 }[step];
}
