import { formatLocalDateTime, formatUtcDateTime } from '../lib/format';

/** An instant in the viewer's local time, with UTC in the tooltip. */
export function DateTime({ value, empty = '—' }: { value: string | null; empty?: string }) {
  if (!value) return <span className="cell--muted">{empty}</span>;
  return (
    <time dateTime={value} title={formatUtcDateTime(value)}>
      {formatLocalDateTime(value)}
    </time>
  );
}
