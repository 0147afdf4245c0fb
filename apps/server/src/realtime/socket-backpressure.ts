import type { Logger } from '../lib/logger';
import type { RealtimeSocket } from './socket.types';

export interface OutgoingLimits {
  /** Bytes waiting to reach one client (queued by Engine.IO plus buffered by the WebSocket). */
  maxBytes: number;
  /** Messages waiting in Engine.IO's queue for one client. */
  maxMessages: number;
}

/** The parts of Engine.IO's connection this reads; its types do not export them. */
interface EngineConnection {
  writeBuffer: unknown[];
  transport: { socket?: { bufferedAmount?: number; terminate?(): void } };
  on(event: 'packetCreate', listener: (packet: { data?: unknown }) => void): void;
  on(event: 'flush', listener: () => void): void;
  close(discard?: boolean): void;
}

const sizeOf = (data: unknown): number =>
  typeof data === 'string' ? data.length : Buffer.isBuffer(data) ? data.length : 0;

/**
 * Bounds what the server holds for one slow client. A client that keeps its connection alive but
 * does not read (a frozen tab, a stuck proxy) would otherwise make every push pile up in memory;
 * past either limit the socket is dropped at once, its queue discarded, and `onDrop` counts it.
 * The browser reconnects and resynchronises like after any disconnect.
 */
export function limitOutgoing(
  socket: RealtimeSocket,
  limits: OutgoingLimits,
  { logger, onDrop }: { logger: Logger; onDrop: () => void },
): void {
  const conn = socket.conn as unknown as EngineConnection;
  let queuedBytes = 0; // in Engine.IO's queue, not yet handed to the transport
  let dropped = false;

  conn.on('flush', () => (queuedBytes = 0));
  conn.on('packetCreate', (packet) => {
    if (dropped) return;
    queuedBytes += sizeOf(packet.data);
    const messages = conn.writeBuffer.length + 1;
    const bytes = queuedBytes + (conn.transport.socket?.bufferedAmount ?? 0);
    if (messages <= limits.maxMessages && bytes <= limits.maxBytes) return;
    dropped = true;
    onDrop();
    logger.warn(
      { socket: socket.id, user: socket.data.principal?.username, messages, bytes },
      'disconnected a socket that does not read what it is sent',
    );
    // Not socket.disconnect(): a graceful close waits for the queue to drain, which never comes.
    conn.transport.socket?.terminate?.();
    conn.close(true);
  });
}
