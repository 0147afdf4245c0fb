import type { DashboardAlert } from '@dtwin/contracts/dashboard';
import { Link } from 'react-router';
import { Badge, type BadgeTone } from '../../components/Badge';
import { DateTime } from '../../components/DateTime';
import { cx } from '../../lib/class-names';

const severityTones: Record<string, BadgeTone> = { info: 'info', warning: 'warning', critical: 'danger' };
const closed = new Set(['cleared', 'resolved']);

interface LiveAlertFeedProps {
  items: readonly DashboardAlert[];
  freshIds: ReadonlySet<string>;
}

/** The newest alerts, with new ones arriving on top as they are raised. */
export function LiveAlertFeed({ items, freshIds }: LiveAlertFeedProps) {
  return (
    <section className="panel" aria-labelledby="dash-feed">
      <div className="panel__heading">
        <h2 className="panel__title" id="dash-feed">
          Latest alerts
        </h2>
        <Link to="/alerts?state=open">All open alerts</Link>
      </div>
      {items.length === 0 ? (
        <p className="cell--muted">No alerts. New ones appear here as they are raised.</p>
      ) : (
        <ol className="feed" aria-label="Latest alerts, newest first" aria-live="polite">
          {items.map((a) => (
            <li
              key={a.id}
              className={cx(
                'feed__item',
                freshIds.has(String(a.id)) && 'feed__item--fresh',
                closed.has(a.state) && 'feed__item--closed',
              )}
            >
              <Badge tone={severityTones[a.severity] ?? 'neutral'}>{a.severity}</Badge>
              <span className="feed__title">{withoutRepeat(a.title)}</span>
              <Link className="feed__device" to={`/devices/${encodeURIComponent(a.device_id)}`}>
                {a.device_id}
              </Link>
              <span className="feed__meta">
                {a.state} · <DateTime value={a.ts} />
              </span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

/** "High vibration: High vibration: 0.61 …" (a rule name said twice) reads as "High vibration: 0.61 …". */
function withoutRepeat(title: string): string {
  return title.replace(/^(.+?): \1: /, '$1: ');
}
