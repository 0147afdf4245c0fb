import { useEffect, useState } from 'react';

/** Figures older than this are called stale: the refresh every 30 s has failed a few times. */
export const STALE_AFTER_MS = 2 * 60_000;

function ago(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s ago`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ago`;
  return `${Math.floor(m / 60)} h ${m % 60} min ago`;
}

/** "Updated 12 s ago", ticking; says so in words when the figures are stale. */
export function UpdatedAgo({ at }: { at: string }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  const age = now - Date.parse(at);
  const stale = age > STALE_AFTER_MS;
  return (
    <span className={stale ? 'updated updated--stale' : 'updated'} title={new Date(at).toLocaleString()}>
      {stale ? `Stale: last updated ${ago(age)}` : `Updated ${ago(age)}`}
    </span>
  );
}
