import type { ResponseSchema } from './http';
import type { TokenStore } from './token-storage';

/** What the header shows: the one connection of the app, in four words. */
export type ConnectionState = 'connected' | 'connecting' | 'reconnecting' | 'offline';

/** The part of a socket.io-client `Socket` the manager uses; tests pass a fake with the same shape. */
export interface SocketLike {
  readonly connected: boolean;
  on(event: string, listener: (...args: never[]) => void): unknown;
  emit(event: string, ...args: unknown[]): unknown;
  connect(): unknown;
  disconnect(): unknown;
  /** The Manager underneath: reconnection attempts are reported there. */
  readonly io: { on(event: 'reconnect_attempt', listener: (attempt: number) => void): unknown };
}

/** Opens a connection; the token is read by `auth` on every (re)connection attempt. */
export type Connect = (options: {
  auth: (cb: (data: { token: string | null }) => void) => void;
}) => SocketLike;

export type EventSchemas<Events> = { [E in keyof Events]: ResponseSchema<Events[E]> };

export interface SocketManager<Events, Room extends string = string> {
  /** Joins `room` (reference-counted: the last leave unsubscribes). Returns leave; call it once. */
  join(room: Room): () => void;
  /** Listens to a validated server event; listeners survive reconnections. Returns off. */
  on<E extends keyof Events & string>(event: E, listener: (payload: Events[E]) => void): () => void;
  getState(): ConnectionState;
  subscribeState(listener: () => void): () => void;
  /**
   * Increments after each reconnection, once the rooms are joined again: whatever arrived while
   * the connection was down is lost, so views refetch when it changes.
   */
  getResyncEpoch(): number;
  subscribeResync(listener: () => void): () => void;
  /** Rooms joined now, with their reference counts (for diagnostics and tests). */
  rooms(): ReadonlyMap<Room, number>;
  /** Begins following the token store (connects when there is a token). Idempotent. */
  start(): void;
  /** Disconnects and stops following the token store; room counts are kept for a later start. */
  stop(): void;
}

export interface SocketManagerOptions<Events> {
  tokens: TokenStore;
  /** Called after an authentication refusal, once the token is cleared (as the HTTP client does). */
  onUnauthorized: () => void;
  connect: Connect;
  schemas: EventSchemas<Events>;
  /** How long to wait for a `subscribe` acknowledgement before counting the room as joined anyway. */
  ackTimeoutMs?: number;
  /** Failed attempts after which `reconnecting` becomes `offline` (retries go on). */
  offlineAfterAttempts?: number;
  /** For tests; `window` by default. */
  events?: Pick<Window, 'addEventListener' | 'removeEventListener'> & { navigator: { onLine: boolean } };
}

/**
 * A refusal of the token by the server's handshake check (`data.code: 'unauthorized'`), as
 * opposed to a network failure or `unavailable` (the server could not check): only the first
 * signs the user out.
 */
export function isAuthRefusal(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { data } = error as { data?: unknown };
  return typeof data === 'object' && data !== null && (data as { code?: unknown }).code === 'unauthorized';
}

/**
 * The one Socket.IO connection of the app. Once started it follows the token store: a token
 * opens it, a different token reopens it, no token closes it. Rooms are counted so that several views can
 * watch the same device; after a reconnection it joins them again and bumps the resync epoch.
 */
export function createSocketManager<Events, Room extends string = string>(
  options: SocketManagerOptions<Events>,
): SocketManager<Events, Room> {
  const { tokens, onUnauthorized, connect, schemas, ackTimeoutMs = 5000, offlineAfterAttempts = 3 } = options;
  const env = options.events ?? (typeof window === 'undefined' ? undefined : window);
  const roomCounts = new Map<Room, number>();
  const listeners = new Map<string, Set<(payload: never) => void>>();
  const stateListeners = new Set<() => void>();
  const resyncListeners = new Set<() => void>();
  const warned = new Set<string>();

  let socket: SocketLike | null = null;
  let socketToken: string | null = null;
  let everConnected = false;
  let failures = 0;
  let serverKickTimer: ReturnType<typeof setTimeout> | undefined;
  let state: ConnectionState = 'offline';
  let epoch = 0;

  function setState(next: ConnectionState) {
    if (next === state) return;
    state = next;
    stateListeners.forEach((l) => l());
  }

  function recomputeState() {
    if (!socket) setState('offline');
    else if (socket.connected) setState('connected');
    else if (failures >= offlineAfterAttempts || env?.navigator.onLine === false) setState('offline');
    else setState(everConnected ? 'reconnecting' : 'connecting');
  }

  function subscribeRoom(target: SocketLike, room: Room): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ackTimeoutMs);
      target.emit('subscribe', { room }, (ack: unknown) => {
        clearTimeout(timer);
        if (ack && typeof ack === 'object' && ('error' in ack || (ack as { ok?: unknown }).ok === false))
          console.warn(`The server refused to join ${room}:`, ack);
        resolve();
      });
    });
  }

  function dispatch(event: string, payload: unknown) {
    const set = listeners.get(event);
    if (!set || set.size === 0) return;
    const schema = schemas[event as keyof Events];
    const parsed = schema.safeParse(payload);
    if (!parsed.success) {
      // Once per event name: a server sending bad data every second must not flood the console.
      if (!warned.has(event)) console.warn(`Ignored a malformed '${event}' event:`, parsed.error.message);
      warned.add(event);
      return;
    }
    for (const listener of [...set]) (listener as (p: unknown) => void)(parsed.data);
  }

  function open(token: string) {
    const current = connect({ auth: (cb) => cb({ token: tokens.get() }) });
    socket = current;
    socketToken = token;
    everConnected = false;
    failures = 0;
    const live = () => socket === current;

    current.on('connect', () => {
      if (!live()) return;
      const reconnected = everConnected;
      everConnected = true;
      failures = 0;
      recomputeState();
      const joins = [...roomCounts.keys()].map((room) => subscribeRoom(current, room));
      if (reconnected)
        void Promise.all(joins).then(() => {
          if (!live()) return;
          epoch += 1;
          resyncListeners.forEach((l) => l());
        });
    });
    current.on('disconnect', (reason: string) => {
      if (!live()) return;
      // The server hung up on purpose (e.g. a revoked token); socket.io does not retry that by
      // itself, so retry once after a pause: a dead token then fails the handshake and signs out.
      if (reason === 'io server disconnect') {
        clearTimeout(serverKickTimer);
        serverKickTimer = setTimeout(() => live() && current.connect(), 2000 + Math.random() * 3000);
      }
      recomputeState();
    });
    current.on('connect_error', (error: Error) => {
      if (!live()) return;
      if (isAuthRefusal(error)) {
        close();
        tokens.clear();
        onUnauthorized();
        return;
      }
      failures += 1;
      recomputeState();
    });
    current.io.on('reconnect_attempt', () => live() && recomputeState());
    for (const event of Object.keys(schemas))
      current.on(event, (payload: never) => live() && dispatch(event, payload));
    recomputeState();
  }

  function close() {
    clearTimeout(serverKickTimer);
    const current = socket;
    socket = null;
    socketToken = null;
    current?.disconnect();
    recomputeState();
  }

  function followToken() {
    const token = tokens.get();
    if (token === socketToken) return;
    if (socket) close();
    if (token) open(token);
  }

  const onNetworkChange = () => {
    if (socket && !socket.connected && env?.navigator.onLine) failures = 0;
    recomputeState();
  };
  let stopFollowing: (() => void) | null = null;

  return {
    start() {
      if (stopFollowing) return;
      env?.addEventListener('online', onNetworkChange);
      env?.addEventListener('offline', onNetworkChange);
      stopFollowing = tokens.subscribe(followToken);
      followToken();
    },
    join(room) {
      const count = roomCounts.get(room) ?? 0;
      roomCounts.set(room, count + 1);
      // While disconnected, the next `connect` joins every counted room.
      if (count === 0 && socket?.connected) void subscribeRoom(socket, room);
      let left = false;
      return () => {
        if (left) return;
        left = true;
        const remaining = (roomCounts.get(room) ?? 1) - 1;
        if (remaining > 0) {
          roomCounts.set(room, remaining);
          return;
        }
        roomCounts.delete(room);
        if (socket?.connected) socket.emit('unsubscribe', { room });
      };
    },
    on(event, listener) {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(listener as (payload: never) => void);
      return () => {
        set.delete(listener as (payload: never) => void);
      };
    },
    getState: () => state,
    subscribeState(listener) {
      stateListeners.add(listener);
      return () => stateListeners.delete(listener);
    },
    getResyncEpoch: () => epoch,
    subscribeResync(listener) {
      resyncListeners.add(listener);
      return () => resyncListeners.delete(listener);
    },
    rooms: () => new Map(roomCounts),
    stop() {
      stopFollowing?.();
      stopFollowing = null;
      env?.removeEventListener('online', onNetworkChange);
      env?.removeEventListener('offline', onNetworkChange);
      close();
    },
  };
}
