import { createContext, use, useEffect, useEffectEvent, useSyncExternalStore } from 'react';
import type { Room, ServerEventName, ServerEventPayload } from '@dtwin/contracts/realtime';
import type { ConnectionState, SocketManager } from './socket';

/** Event name → payload, from the contracts' schemas. */
export type ServerEvents = { [E in ServerEventName]: ServerEventPayload<E> };
export type AppSocketManager = SocketManager<ServerEvents, Room>;

export const SocketContext = createContext<AppSocketManager | null>(null);

export function useSocketManager(): AppSocketManager {
  const manager = use(SocketContext);
  if (!manager) throw new Error('useSocketManager() needs a <SocketContext> provider above it');
  return manager;
}

export function useConnectionState(): ConnectionState {
  const manager = useSocketManager();
  return useSyncExternalStore(manager.subscribeState, manager.getState, () => 'offline' as const);
}

/** Stays in `room` while the component is mounted (null: no room). */
export function useRoom(room: Room | null): void {
  const manager = useSocketManager();
  useEffect(() => (room ? manager.join(room) : undefined), [manager, room]);
}

/**
 * Calls `handler` for every `event`. The handler should write into a live buffer or store, not
 * into React state: events can come many times a second.
 */
export function useSocketEvent<E extends keyof ServerEvents & string>(
  event: E,
  handler: (payload: ServerEvents[E]) => void,
): void {
  const manager = useSocketManager();
  const onEvent = useEffectEvent(handler);
  useEffect(() => manager.on(event, (payload) => onEvent(payload)), [manager, event]);
}

/**
 * A number that changes after each reconnection. Put it in a query's key so the view fetches
 * again whatever it may have missed while the connection was down.
 */
export function useResyncEpoch(): number {
  const manager = useSocketManager();
  return useSyncExternalStore(manager.subscribeResync, manager.getResyncEpoch, () => 0);
}
