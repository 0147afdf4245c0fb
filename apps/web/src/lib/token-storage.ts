/** Where the access token lives: `localStorage`, as the security guide prescribes. */
export const TOKEN_KEY = 'dtwin.token';

export interface TokenStore {
  get(): string | null;
  set(token: string): void;
  clear(): void;
  /** Called after every change, including changes made in another tab. */
  subscribe(listener: () => void): () => void;
}

export function createTokenStore(
  storage: Storage = window.localStorage,
  events: Window = window,
): TokenStore {
  const listeners = new Set<() => void>();
  const notify = () => listeners.forEach((listener) => listener());

  const onStorage = (event: StorageEvent) => {
    // `key` is null when another tab called localStorage.clear().
    if (event.key === TOKEN_KEY || event.key === null) notify();
  };

  return {
    get() {
      try {
        return storage.getItem(TOKEN_KEY) || null;
      } catch {
        // Storage can be disabled by the browser; behave as signed out rather than crash.
        return null;
      }
    },
    set(token) {
      try {
        storage.setItem(TOKEN_KEY, token);
      } finally {
        notify();
      }
    },
    clear() {
      try {
        storage.removeItem(TOKEN_KEY);
      } catch {
        // Nothing stored, nothing to remove.
      } finally {
        notify();
      }
    },
    subscribe(listener) {
      if (listeners.size === 0) events.addEventListener('storage', onStorage);
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0) events.removeEventListener('storage', onStorage);
      };
    },
  };
}
