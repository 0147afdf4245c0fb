import type { WhoAmI } from '@dtwin/contracts/auth';
import { useCallback, useEffect, useMemo, useState, useSyncExternalStore, type ReactNode } from 'react';
import { useHttp } from '../../lib/http-context';
import type { TokenStore } from '../../lib/token-storage';
import { fetchWhoami, logout } from './auth-api';
import { AuthContext, type AuthContextValue, type Session } from './auth-context';

interface Loaded {
  token: string;
  attempt: number;
  result: { status: 'authenticated'; user: WhoAmI } | { status: 'error'; error: unknown };
}

/**
 * Knows who is signed in. The token store is the source of truth: whenever the token changes
 * (sign-in, sign-out, a 401 anywhere, another tab), the session follows.
 */
export function AuthProvider({ tokens, children }: { tokens: TokenStore; children: ReactNode }) {
  const http = useHttp();
  const token = useSyncExternalStore(tokens.subscribe, tokens.get, () => null);
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [attempt, setAttempt] = useState(0);
  const [signedOut, setSignedOut] = useState(false);
  // Whether this tab has held a token; when it disappears without a sign-out, the session ended.
  // (Updating state during render is React's pattern for remembering an earlier render.)
  const [hadToken, setHadToken] = useState(token !== null);
  if (token !== null && !hadToken) setHadToken(true);

  useEffect(() => {
    if (!token) return;
    const controller = new AbortController();
    fetchWhoami(http, controller.signal).then(
      (user) => setLoaded({ token, attempt, result: { status: 'authenticated', user } }),
      (error: unknown) => {
        if (!controller.signal.aborted) setLoaded({ token, attempt, result: { status: 'error', error } });
      },
    );
    return () => controller.abort();
  }, [http, token, attempt]);

  const signIn = useCallback(
    (newToken: string) => {
      setSignedOut(false);
      tokens.set(newToken);
    },
    [tokens],
  );

  const signOut = useCallback(async () => {
    setSignedOut(true);
    try {
      await logout(http);
    } catch {
      // The server may be unreachable or the token already dead; signing out here still counts.
    } finally {
      tokens.clear();
    }
  }, [http, tokens]);

  const retry = useCallback(() => setAttempt((n) => n + 1), []);

  const session = useMemo((): Session => {
    if (!token) {
      return { status: 'anonymous', reason: signedOut ? 'signed-out' : hadToken ? 'expired' : 'none' };
    }
    if (!loaded || loaded.token !== token || loaded.attempt !== attempt) return { status: 'loading' };
    return loaded.result;
  }, [token, loaded, attempt, signedOut, hadToken]);

  const value = useMemo(
    (): AuthContextValue => ({ session, signIn, signOut, retry }),
    [session, signIn, signOut, retry],
  );
  return <AuthContext value={value}>{children}</AuthContext>;
}
