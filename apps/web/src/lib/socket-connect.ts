import { io } from 'socket.io-client';
import type { Connect } from './socket';

/**
 * The real connection: same origin (the dev server proxies /socket.io), the token in the
 * handshake, and socket.io's own reconnection with jittered exponential backoff up to 15 s.
 */
export const connectSocketIo: Connect = ({ auth }) =>
  io({
    auth,
    reconnectionDelay: 1000,
    reconnectionDelayMax: 15_000,
    randomizationFactor: 0.5,
  });
