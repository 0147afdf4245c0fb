import { useEffect, useRef, useState } from 'react';

/** How often a roll-up is fetched again while the page is visible, and at most how often on events. */
const PERIOD_MS = 30_000;
const MIN_GAP_MS = 5_000;

/**
 * A number that grows when a rolled-up status should be fetched again: every 30 s while the page
 * is visible, and after `bump()` (an alert changed), but at most once per 5 s, so a burst of
 * alerts costs one round of requests.
 */
export function useRefreshTick(): { tick: number; bump: () => void } {
  const [tick, setTick] = useState(0);
  const last = useRef(0);
  const pending = useRef<ReturnType<typeof setTimeout> | null>(null);

  useEffect(() => {
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') setTick((n) => n + 1);
    }, PERIOD_MS);
    return () => {
      clearInterval(timer);
      if (pending.current) clearTimeout(pending.current);
    };
  }, []);

  function bump() {
    if (pending.current) return;
    const wait = Math.max(0, last.current + MIN_GAP_MS - Date.now());
    pending.current = setTimeout(() => {
      pending.current = null;
      last.current = Date.now();
      setTick((n) => n + 1);
    }, wait);
  }

  return { tick, bump };
}
