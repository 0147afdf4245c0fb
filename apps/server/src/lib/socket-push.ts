import {
  deviceRoom,
  FLEET_ROOM,
  type Room,
  type ServerEventName,
  type ServerEventPayload,
} from '@dtwin/contracts/realtime';
import type { DomainEvents } from './domain-events';

/** One socket event for some rooms (a socket in several of them gets it once). */
export type Outgoing = {
  [E in ServerEventName]: { event: E; rooms: Room[]; payload: ServerEventPayload<E> };
}[ServerEventName];

/** Maps a domain event to a socket event (or to nothing); returns the unsubscriber. */
export type Forward = <K extends keyof DomainEvents>(
  name: K,
  map: (payload: DomainEvents[K]) => Outgoing | null,
) => () => void;

/** The rooms of a device's events: its own and the fleet's. */
export const toDeviceAndFleet = (deviceId: string): Room[] => [FLEET_ROOM, deviceRoom(deviceId)];
