export const SESSION_ENDED_NOTICE = 'Your session has ended. Sign in again to continue.';

/** What other pages may hand to the login page through router state. */
export interface LoginPageState {
  notice?: string;
  username?: string;
}

export function readLoginPageState(state: unknown): LoginPageState {
  if (typeof state !== 'object' || state === null) return {};
  const { notice, username } = state as Record<string, unknown>;
  return {
    notice: typeof notice === 'string' ? notice : undefined,
    username: typeof username === 'string' ? username : undefined,
  };
}

/** Only same-site paths, never back to the auth pages: `?next=` must not become an open redirect. */
export function safeNextPath(raw: string | null | undefined): string {
  if (!raw || !raw.startsWith('/') || raw.startsWith('//') || raw.startsWith('/\\')) return '/';
  if (/^\/(login|register)(?:[/?#]|$)/.test(raw)) return '/';
  return raw;
}

/** `/login`, with `?next=` pointing back to where the user was. */
export function loginPath(from?: string): string {
  const next = safeNextPath(from);
  return next === '/' ? '/login' : `/login?next=${encodeURIComponent(next)}`;
}

export function isAuthPage(pathname: string): boolean {
  return pathname === '/login' || pathname === '/register';
}
