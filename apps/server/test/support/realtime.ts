import type { ClientToServerEvents, ServerToClientEvents, SubscriptionAck } from '@dtwin/contracts/realtime';
import { io, type ManagerOptions, type Socket, type SocketOptions } from 'socket.io-client';

export type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
export type Transport = 'polling' | 'websocket';

export interface ConnectOptions {
  token?: string | undefined;
  origin?: string;
  transport?: Transport;
}

/** A socket.io-client that does not retry by itself, so a refusal is seen once. */
export function openSocket(
  url: string,
  { token, origin, transport = 'websocket' }: ConnectOptions = {},
): ClientSocket {
  const options: Partial<ManagerOptions & SocketOptions> = {
    forceNew: true,
    reconnection: false,
    transports: [transport],
    timeout: 5000,
    ...(token !== undefined ? { auth: { token } } : {}),
    ...(origin !== undefined ? { extraHeaders: { Origin: origin } } : {}),
  };
  return io(url, options);
}

/** Connects, or rejects with the `connect_error`. */
export function connected(socket: ClientSocket): Promise<ClientSocket> {
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (err) => {
      socket.close();
      reject(err);
    });
  });
}

/** Resolves with the `connect_error` of a socket that must be refused; rejects if it connects. */
export function refused(socket: ClientSocket): Promise<Error & { data?: unknown }> {
  return new Promise((resolve, reject) => {
    socket.once('connect', () => {
      socket.close();
      reject(new Error('the socket connected but should have been refused'));
    });
    socket.once('connect_error', (err) => {
      socket.close();
      resolve(err as Error & { data?: unknown });
    });
  });
}

/** Resolves with the reason once the server disconnects the socket. */
export function disconnection(socket: ClientSocket, timeoutMs = 5000): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the socket was not disconnected')), timeoutMs);
    socket.once('disconnect', (reason) => {
      clearTimeout(timer);
      resolve(reason);
    });
  });
}

export function subscribe(
  socket: ClientSocket,
  body: unknown,
  event: 'subscribe' | 'unsubscribe' = 'subscribe',
) {
  return socket.timeout(5000).emitWithAck(event, body as never) as Promise<SubscriptionAck>;
}

/** Everything a socket receives, by event name, in order. */
export function record(socket: ClientSocket) {
  const seen: Array<{ event: string; payload: unknown }> = [];
  socket.onAny((event: string, payload: unknown) => seen.push({ event, payload }));
  return {
    seen,
    of: <T = unknown>(event: string) => seen.filter((s) => s.event === event).map((s) => s.payload as T),
  };
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
