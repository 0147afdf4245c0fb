import { FLEET_ROOM, type AlertEvent } from '@dtwin/contracts/realtime';
import { useBatchedEvent } from '../../lib/use-batched-event';

/** Alert changes from the fleet room, at most one batch per animation frame, oldest first. */
export function useAlertUpdates(onBatch: (events: readonly AlertEvent[]) => void): void {
  useBatchedEvent(FLEET_ROOM, 'alert', onBatch);
}
