import { socketAuthSchema, type SocketErrorData } from '@dtwin/contracts/realtime';
import type { Clock } from '../lib/clock';
import { AppError } from '../lib/errors';
import type { Logger } from '../lib/logger';
import type { AuthService } from '../modules/auth/auth.service';
import type { RealtimeSocket } from './socket.types';

/** Rooms no client can ask for (subscribe accepts only `fleet` and `device:<id>`). */
export const userRoom = (userId: number) => `user:${userId}`;
export const tokenRoom = (jti: string) => `token:${jti}`;

function refusal(code: SocketErrorData['code'], message: string): Error {
  return Object.assign(new Error(message), { data: { code } satisfies SocketErrorData });
}

/** Longest delay Node's timers accept (about 24.8 days); a later expiry is waited for in steps. */
const MAX_TIMER_MS = 2 ** 31 - 1;

interface Deps {
  auth: Pick<AuthService, 'authenticate'>;
  logger: Logger;
}

/**
 * The handshake middleware: a socket exists only once its token checks out exactly as a bearer
 * header would (signature, claims, expiry, denylist, user still enabled). Refusals reach the
 * client as `connect_error` with the message; nothing has been sent to it before.
 */
export function authenticateHandshake({ auth, logger }: Deps) {
  return (socket: RealtimeSocket, next: (err?: Error) => void): void => {
    const parsed = socketAuthSchema.safeParse(socket.handshake.auth);
    if (!parsed.success) {
      next(refusal('unauthorized', 'authentication required: connect with auth: { token: <access token> }'));
      return;
    }
    auth.authenticate(parsed.data.token).then(
      (principal) => {
        socket.data.principal = principal;
        socket.data.token = parsed.data.token;
        next();
      },
      (err: unknown) => {
        if (err instanceof AppError && err.code === 'unauthorized') {
          next(refusal('unauthorized', 'invalid or expired token'));
        } else {
          logger.error({ err }, 'could not check the token of a socket handshake');
          // Worded so that a client does not take it for a bad token and sign out.
          next(refusal('unavailable', 'the server cannot check sign-ins right now; try again'));
        }
      },
    );
  };
}

/** Joins the rooms revocation is sent to, and disconnects the socket when its token expires. */
export function watchSession(socket: RealtimeSocket, clock: Clock): () => void {
  const { principal } = socket.data;
  void socket.join([userRoom(principal.userId), tokenRoom(principal.claims.jti)]);
  const expiresAt = principal.claims.exp * 1000;
  let timer: NodeJS.Timeout | undefined;
  const arm = () => {
    const left = expiresAt - clock.now();
    if (left > MAX_TIMER_MS) {
      timer = setTimeout(arm, MAX_TIMER_MS);
    } else {
      timer = setTimeout(() => socket.disconnect(true), Math.max(0, left));
    }
    timer.unref();
  };
  arm();
  return () => clearTimeout(timer);
}

/**
 * Checks the token of every socket of this process again, once per distinct token. Revocation
 * normally arrives as an event at once; this catches what no event told this process about
 * (`dtwin user disable` run from the console, several nodes without Redis).
 */
export async function revalidateSockets(
  sockets: Iterable<RealtimeSocket>,
  { auth, logger }: Deps,
): Promise<number> {
  const byToken = new Map<string, RealtimeSocket[]>();
  for (const socket of sockets) {
    const list = byToken.get(socket.data.token);
    if (list) list.push(socket);
    else byToken.set(socket.data.token, [socket]);
  }
  let dropped = 0;
  for (const [token, list] of byToken) {
    try {
      await auth.authenticate(token);
    } catch (err) {
      if (!(err instanceof AppError && err.code === 'unauthorized')) {
        logger.warn({ err }, 'could not check socket tokens again; will retry');
        return dropped;
      }
      for (const socket of list) socket.disconnect(true);
      dropped += list.length;
    }
  }
  return dropped;
}
