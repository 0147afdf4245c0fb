/** An age in words: "just now", "12 s ago", "5 min ago", "3 h ago", "2 d ago". */
export function formatAge(ms: number): string {
  if (ms < 1500) return 'just now';
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s ago`;
  const min = Math.floor(s / 60);
  if (min < 60) return `${min} min ago`;
  const h = Math.floor(min / 60);
  if (h < 48) return `${h} h ago`;
  return `${Math.floor(h / 24)} d ago`;
}

/** Past this, a value is old news: the spec counts a device offline after 3 missed intervals. */
export function staleAfterMs(expectedIntervalS: number | undefined): number {
  return 3 * 1000 * (expectedIntervalS && expectedIntervalS > 0 ? expectedIntervalS : 20);
}
