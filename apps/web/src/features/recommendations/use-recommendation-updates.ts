import { FLEET_ROOM, type RecommendationEvent } from '@dtwin/contracts/realtime';
import type { Recommendation } from '@dtwin/contracts/recommendations';
import { useBatchedEvent } from '../../lib/use-batched-event';

/** Recommendations created, updated, closed or moved by someone else, from the fleet room. */
export function useRecommendationUpdates(
  onChange: (rec: Recommendation, change: RecommendationEvent['change']) => void,
): void {
  useBatchedEvent(FLEET_ROOM, 'recommendation', (events) => {
    for (const { recommendation, change } of events) onChange(recommendation, change);
  });
}
