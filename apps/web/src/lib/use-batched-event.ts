import type { Room } from '@dtwin/contracts/realtime';
import { useEffect, useEffectEvent, useRef, useState } from 'react';
import { createFrameSignal } from './live-buffer';
import { useRoom, useSocketEvent, type ServerEvents } from './socket-hooks';

/** A burst (an alert flood) beyond this many events per frame keeps only the newest. */
const MAX_PER_FRAME = 500;

/**
 * Joins `room` and hands the `event`s received there to `onBatch` at most once per animation
 * frame, oldest first, so a burst of events costs one render instead of one each.
 */
export function useBatchedEvent<E extends keyof ServerEvents & string>(
  room: Room,
  event: E,
  onBatch: (events: readonly ServerEvents[E][]) => void,
): void {
  useRoom(room);
  const pending = useRef<ServerEvents[E][]>([]);
  const [signal] = useState(() => createFrameSignal());
  const deliver = useEffectEvent(() => {
    const batch = pending.current;
    pending.current = [];
    if (batch.length > 0) onBatch(batch);
  });

  useEffect(() => signal.subscribe(() => deliver()), [signal]);
  useSocketEvent(event, (payload) => {
    pending.current.push(payload);
    if (pending.current.length > MAX_PER_FRAME)
      pending.current.splice(0, pending.current.length - MAX_PER_FRAME);
    signal.notify();
  });
}
