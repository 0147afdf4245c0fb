import type { WhoAmI } from '@dtwin/contracts/auth';
import { createContext, use } from 'react';

/** Why nobody is signed in: never was, chose to leave, or the token stopped working. */
export type SignedOutReason = 'none' | 'signed-out' | 'expired';

export type Session =
  | { status: 'loading' }
  | { status: 'anonymous'; reason: SignedOutReason }
  | { status: 'authenticated'; user: WhoAmI }
  /** The token may be fine but `whoami` could not be answered (server down, network). */
  | { status: 'error'; error: unknown };

export interface AuthContextValue {
  session: Session;
  /** Stores a fresh token; the session becomes `loading` and then `authenticated`. */
  signIn: (token: string) => void;
  /** Revokes the token on the server (best effort) and forgets it here. */
  signOut: () => Promise<void>;
  /** Asks `whoami` again after an error. */
  retry: () => void;
}

export const AuthContext = createContext<AuthContextValue | null>(null);

export function useAuth(): AuthContextValue {
  const auth = use(AuthContext);
  if (!auth) throw new Error('useAuth() needs an <AuthProvider> above it');
  return auth;
}

/** The signed-in user; only for components rendered inside <RequireAuth>. */
export function useCurrentUser(): WhoAmI {
  const { session } = useAuth();
  if (session.status !== 'authenticated') throw new Error('useCurrentUser() used outside <RequireAuth>');
  return session.user;
}
