import type { SocketLike } from '../lib/socket';

type Handler = (...args: never[]) => void;

export interface EmittedMessage {
  event: string;
  payload: unknown;
}

/**
 * Stands in for a socket.io-client socket, with the server's side in the test's hands:
 * `serverConnect`, `serverDrop`, `serverRefuse`, `serverEmit`. Acks `subscribe` with `{ok: true}`.
 */
export class FakeSocket implements SocketLike {
  connected = false;
  readonly emitted: EmittedMessage[] = [];
  /** What the fake server answers to `subscribe` / `unsubscribe`. */
  ack: (event: string, payload: unknown) => unknown = () => ({ ok: true });
  private readonly handlers = new Map<string, Set<Handler>>();
  private readonly managerHandlers = new Map<string, Set<Handler>>();

  readonly io = {
    on: (event: string, handler: Handler) => add(this.managerHandlers, event, handler),
  };

  constructor(readonly auth: (cb: (data: { token: string | null }) => void) => void) {}

  on(event: string, handler: Handler) {
    add(this.handlers, event, handler);
    return this;
  }

  emit(event: string, ...args: unknown[]) {
    const [payload, ack] = args;
    this.emitted.push({ event, payload });
    if (typeof ack === 'function') {
      const answer = this.ack(event, payload);
      queueMicrotask(() => (ack as (a: unknown) => void)(answer));
    }
    return this;
  }

  connect() {
    return this;
  }

  disconnect() {
    const was = this.connected;
    this.connected = false;
    if (was) this.fire('disconnect', 'io client disconnect');
    return this;
  }

  /** The token the socket would send in its handshake now. */
  token(): string | null {
    let token: string | null = null;
    this.auth((data) => (token = data.token));
    return token;
  }

  serverConnect() {
    this.connected = true;
    this.fire('connect');
  }

  /** The connection broke; socket.io-client would try again by itself. */
  serverDrop(reason = 'transport close') {
    this.connected = false;
    this.fire('disconnect', reason);
    this.fireManager('reconnect_attempt', 1);
  }

  serverRefuse(message: string, data?: unknown) {
    this.fire('connect_error', Object.assign(new Error(message), data === undefined ? {} : { data }));
  }

  serverEmit(event: string, payload: unknown) {
    this.fire(event, payload);
  }

  /** Rooms joined on the server now, from the subscribe and unsubscribe messages since the last connect. */
  subscribedRooms(): string[] {
    const rooms = new Set<string>();
    for (const { event, payload } of this.emitted) {
      const room = (payload as { room?: string } | undefined)?.room;
      if (!room) continue;
      if (event === 'subscribe') rooms.add(room);
      if (event === 'unsubscribe') rooms.delete(room);
    }
    return [...rooms].sort();
  }

  count(event: string, room: string): number {
    return this.emitted.filter((m) => m.event === event && (m.payload as { room?: string }).room === room)
      .length;
  }

  private fire(event: string, ...args: unknown[]) {
    for (const handler of [...(this.handlers.get(event) ?? [])])
      (handler as (...a: unknown[]) => void)(...args);
  }

  private fireManager(event: string, ...args: unknown[]) {
    for (const handler of [...(this.managerHandlers.get(event) ?? [])])
      (handler as (...a: unknown[]) => void)(...args);
  }
}

function add(map: Map<string, Set<Handler>>, event: string, handler: Handler) {
  let set = map.get(event);
  if (!set) map.set(event, (set = new Set()));
  set.add(handler);
}

/** Every fake socket opened since the test began, oldest first. */
export const openedSockets: FakeSocket[] = [];

export function latestSocket(): FakeSocket {
  const socket = openedSockets[openedSockets.length - 1];
  if (!socket) throw new Error('no socket was opened');
  return socket;
}

/**
 * Replaces `io()` of socket.io-client in every test (see setup.ts). The socket connects on the
 * next tick, as a healthy server would let it; tests that need otherwise drive it themselves.
 */
export function io(options: { auth: FakeSocket['auth'] }): FakeSocket {
  const socket = new FakeSocket(options.auth);
  openedSockets.push(socket);
  setTimeout(() => {
    if (!socket.connected && openedSockets.includes(socket) && autoConnect.enabled) socket.serverConnect();
  }, 0);
  return socket;
}

export const autoConnect = { enabled: true };

export function resetFakeSockets() {
  openedSockets.length = 0;
  autoConnect.enabled = true;
}
