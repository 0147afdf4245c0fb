import type { Recommendation, RecommendationEvidence } from '@dtwin/contracts/recommendations';
import { Link } from 'react-router';
import { Badge } from '../../components/Badge';
import { Button } from '../../components/Button';
import { DateTime } from '../../components/DateTime';
import { cx } from '../../lib/class-names';
import {
  actionLabels,
  nextStatuses,
  percent,
  priorityLabels,
  priorityTones,
  timeframeLabels,
  typeLabels,
} from './recommendation-labels';
import type { RecommendationStatus } from './recommendations-api';

/** Evidence lines shown at once; the rest fold away. */
const EVIDENCE_SHOWN = 3;

interface RecommendationCardProps {
  rec: Recommendation;
  canChange: boolean;
  pending: boolean;
  fresh: boolean;
  onChange: (rec: Recommendation, status: Exclude<RecommendationStatus, 'open'>) => void;
}

export function RecommendationCard({ rec, canChange, pending, fresh, onChange }: RecommendationCardProps) {
  const titleId = `rec-${rec.id}-title`;
  return (
    <article
      className={cx('rec-card', `rec-card--${rec.priority}`, fresh && 'rec-card--fresh')}
      aria-labelledby={titleId}
    >
      <header className="rec-card__header">
        <Badge tone={priorityTones[rec.priority]}>{priorityLabels[rec.priority]}</Badge>
        <span className="rec-card__type">{typeLabels[rec.type]}</span>
        <Link className="rec-card__device" to={`/devices/${encodeURIComponent(rec.device_id)}`}>
          {rec.device_id}
        </Link>
      </header>
      <h3 className="rec-card__title" id={titleId}>
        {rec.title}
      </h3>
      <p className="rec-card__action">{rec.action}</p>
      <dl className="rec-card__facts">
        <div>
          <dt>Urgency</dt>
          <dd>{percent(rec.urgency)}</dd>
        </div>
        <div>
          <dt>Impact</dt>
          <dd>{percent(rec.impact)}</dd>
        </div>
        <div>
          <dt>Score</dt>
          <dd>{rec.score.toFixed(2)}</dd>
        </div>
        <div className="rec-card__when">
          <dt>When</dt>
          <dd>
            {timeframeLabels[rec.timeframe]}
            {rec.due_at && (
              <span className="cell--muted">
                {' '}
                (by <DateTime value={rec.due_at} />)
              </span>
            )}
          </dd>
        </div>
      </dl>
      {rec.evidence.length > 0 && (
        <div className="rec-card__evidence">
          <p className="rec-card__evidence-title">Why</p>
          <ul>
            {rec.evidence.slice(0, EVIDENCE_SHOWN).map((e, i) => (
              <EvidenceItem key={i} evidence={e} />
            ))}
          </ul>
          {rec.evidence.length > EVIDENCE_SHOWN && (
            <details>
              <summary>{rec.evidence.length - EVIDENCE_SHOWN} more</summary>
              <ul>
                {rec.evidence.slice(EVIDENCE_SHOWN).map((e, i) => (
                  <EvidenceItem key={i} evidence={e} />
                ))}
              </ul>
            </details>
          )}
        </div>
      )}
      {rec.status_changed_by && (
        <p className="rec-card__changed cell--muted">
          {rec.status === 'open' ? 'Reopened' : 'Changed'} by {rec.status_changed_by}
          {rec.status_changed_at && (
            <>
              {' '}
              on <DateTime value={rec.status_changed_at} />
            </>
          )}
          {rec.resolution && `: ${rec.resolution}`}
        </p>
      )}
      {canChange && nextStatuses[rec.status].length > 0 && (
        <div className="rec-card__actions">
          {nextStatuses[rec.status].map((status) => (
            <Button
              key={status}
              size="sm"
              variant={status === 'done' ? 'primary' : 'secondary'}
              disabled={pending}
              aria-label={`${actionLabels[status]}: ${rec.title} on ${rec.device_id}`}
              onClick={() => onChange(rec, status)}
            >
              {actionLabels[status]}
            </Button>
          ))}
        </div>
      )}
    </article>
  );
}

function EvidenceItem({ evidence }: { evidence: RecommendationEvidence }) {
  return (
    <li>
      <span className="cell--muted">
        {evidence.source}
        {evidence.metric ? ` · ${evidence.metric}` : ''}:{' '}
      </span>
      {evidence.detail}
    </li>
  );
}
