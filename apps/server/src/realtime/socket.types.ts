import type { ServerToClientEvents, TelemetryEvent, TelemetrySummaryEvent } from '@dtwin/contracts/realtime';
import type { Server, Socket } from 'socket.io';
import type { Principal } from '../modules/auth/auth.service';

/**
 * What arrives from a client is typed `unknown` on purpose: the contracts' types describe what a
 * well-behaved client sends, but every message is validated by its schema before use.
 */
export interface IncomingEvents {
  subscribe: (body: unknown, ack: unknown) => void;
  unsubscribe: (body: unknown, ack: unknown) => void;
}

/** One flush of the coalesced telemetry, handed to every node (`serverSideEmit`) in one message. */
export interface TelemetryBatch {
  devices: TelemetryEvent[];
  summary: TelemetrySummaryEvent | null;
}

export interface InterServerEvents {
  telemetry: (batch: TelemetryBatch) => void;
}

export interface SocketData {
  principal: Principal;
  /** Kept to check the token again later (revocation made by a process without sockets). */
  token: string;
}

export type RealtimeIo = Server<IncomingEvents, ServerToClientEvents, InterServerEvents, SocketData>;
export type RealtimeSocket = Socket<IncomingEvents, ServerToClientEvents, InterServerEvents, SocketData>;
