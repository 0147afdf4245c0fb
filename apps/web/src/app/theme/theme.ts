export type Theme = 'light' | 'dark';

export const THEME_KEY = 'dtwin.theme';

const darkQuery = '(prefers-color-scheme: dark)';

/** The user's explicit choice, or null to follow the operating system. */
export function readStoredTheme(): Theme | null {
  try {
    const value = window.localStorage.getItem(THEME_KEY);
    return value === 'light' || value === 'dark' ? value : null;
  } catch {
    return null;
  }
}

export function storeTheme(theme: Theme): void {
  try {
    window.localStorage.setItem(THEME_KEY, theme);
  } catch {
    // Without storage the choice lasts until the page reloads.
  }
}

export function systemTheme(): Theme {
  return typeof window.matchMedia === 'function' && window.matchMedia(darkQuery).matches ? 'dark' : 'light';
}

export function subscribeToSystemTheme(listener: () => void): () => void {
  if (typeof window.matchMedia !== 'function') return () => {};
  const query = window.matchMedia(darkQuery);
  query.addEventListener('change', listener);
  return () => query.removeEventListener('change', listener);
}

/** The stylesheet keys its colours off `<html data-theme>`. */
export function applyTheme(theme: Theme): void {
  document.documentElement.dataset.theme = theme;
}
