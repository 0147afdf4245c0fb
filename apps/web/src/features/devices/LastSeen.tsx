import { cx } from '../../lib/class-names';
import { formatLocalDateTime } from '../../lib/format';
import { formatAge } from './last-seen';
import { useNow } from './use-now';
import './LastSeen.css';

interface LastSeenProps {
  value: string | null;
  /** Older than this, the age is marked as stale. */
  staleAfterMs: number;
}

/** "12 s ago", ticking; stale ages are marked so nobody mistakes an old value for a live one. */
export function LastSeen({ value, staleAfterMs }: LastSeenProps) {
  const now = useNow();
  if (!value) return <span className="last-seen last-seen--never">Never</span>;
  const age = now - Date.parse(value);
  const stale = age > staleAfterMs;
  return (
    <time
      dateTime={value}
      className={cx('last-seen', stale && 'last-seen--stale')}
      title={`${formatLocalDateTime(value)}${stale ? ' — no newer reading since' : ''}`}
    >
      {formatAge(Math.max(0, age))}
      {stale && <span className="last-seen__flag"> · stale</span>}
    </time>
  );
}
