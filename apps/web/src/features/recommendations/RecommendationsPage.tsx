import {
  recommendationPriorities,
  recommendationStatuses,
  type Recommendation,
} from '@dtwin/contracts/recommendations';
import { useSearchParams } from 'react-router';
import { OutcomeBanner } from '../../components/OutcomeBanner';
import { PageHeader } from '../../components/PageHeader';
import { QueryView } from '../../components/QueryView';
import { useHttp } from '../../lib/http-context';
import { useOutcome } from '../../lib/use-outcome';
import { withParams } from '../../lib/search-params';
import { useResyncEpoch } from '../../lib/socket-hooks';
import { usePendingIds } from '../../lib/use-pending-ids';
import { useQuery } from '../../lib/use-query';
import { useFreshIds } from '../alerts/use-fresh-ids';
import { useCurrentUser } from '../auth/auth-context';
import { hasRole } from '../auth/roles';
import { BoardFilters } from './BoardFilters';
import { byPriority, placeOnBoard, statusLabels } from './recommendation-labels';
import { RecommendationCard } from './RecommendationCard';
import { changeStatus, loadBoard, type RecommendationStatus } from './recommendations-api';
import { useRecommendationUpdates } from './use-recommendation-updates';
import './RecommendationsPage.css';

const columnHints: Record<RecommendationStatus, string> = {
  open: 'New; nobody has taken them on yet.',
  acknowledged: 'Someone is on it.',
  done: 'Carried out.',
  dismissed: 'Judged not worth doing.',
};

export function RecommendationsPage() {
  const http = useHttp();
  const user = useCurrentUser();
  const canChange = hasRole(user.role, 'operator');
  const [params, setParams] = useSearchParams();
  const priority = recommendationPriorities.find((p) => p === params.get('priority'));
  const device = params.get('device') ?? '';
  const resync = useResyncEpoch();

  const board = useQuery(['recommendations', priority, device, resync], (signal) =>
    loadBoard(http, { priority, device_id: device || undefined }, signal),
  );
  const fresh = useFreshIds();
  useRecommendationUpdates((rec, change) => {
    const matches = (!priority || rec.priority === priority) && (!device || rec.device_id === device);
    board.update((current) => placeOnBoard(current, rec, matches));
    // Recomputations update cards quietly; new ones and moves by others are worth a glance.
    if (matches && change !== 'updated') fresh.mark(rec.id);
  });

  const { pending, track } = usePendingIds<number>();
  const outcome = useOutcome();

  function change(rec: Recommendation, status: Exclude<RecommendationStatus, 'open'>) {
    outcome.clear();
    track(rec.id, () => changeStatus(http, rec.id, { status })).then(
      (updated) => {
        board.update((current) => placeOnBoard(current, updated, true));
        outcome.succeeded(
          `“${updated.title}” on ${updated.device_id} is now ${statusLabels[updated.status].toLowerCase()}.`,
        );
      },
      (error: unknown) => outcome.failed(`Could not change “${rec.title}”`, error),
    );
  }

  return (
    <>
      <PageHeader
        title="Recommendations"
        description="What to do about each device, most pressing first. Computed from health, predictions, alerts and patterns."
      />
      <BoardFilters
        initial={{ priority: priority ?? '', device }}
        onApply={(v) => setParams(withParams(params, { priority: v.priority, device: v.device }))}
      />
      <OutcomeBanner outcome={outcome.outcome} onDismiss={outcome.clear} />
      <QueryView
        query={board}
        errorTitle="Could not load the recommendations"
        loadingLabel="Loading recommendations…"
      >
        {(data) => (
          <div className="rec-board" aria-busy={board.loading || undefined}>
            {recommendationStatuses.map((status) => {
              const column = data[status];
              const items = [...column.items].sort(byPriority);
              return (
                <section key={status} className="rec-column" aria-labelledby={`rec-col-${status}`}>
                  <h2 className="rec-column__title" id={`rec-col-${status}`}>
                    {statusLabels[status]} <span className="rec-column__count">{column.total}</span>
                  </h2>
                  <p className="rec-column__hint">{columnHints[status]}</p>
                  {items.length === 0 ? (
                    <p className="rec-column__empty">None.</p>
                  ) : (
                    items.map((rec) => (
                      <RecommendationCard
                        key={rec.id}
                        rec={rec}
                        canChange={canChange}
                        pending={pending.has(rec.id)}
                        fresh={fresh.ids.has(rec.id)}
                        onChange={change}
                      />
                    ))
                  )}
                  {column.total > items.length && (
                    <p className="rec-column__more cell--muted">
                      Showing {items.length} of {column.total}; filter by device or priority to see others.
                    </p>
                  )}
                </section>
              );
            })}
          </div>
        )}
      </QueryView>
    </>
  );
}
