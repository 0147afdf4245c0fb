import { useCallback, useEffect, useMemo, useState, useSyncExternalStore, type ReactNode } from 'react';
import {
  applyTheme,
  readStoredTheme,
  storeTheme,
  subscribeToSystemTheme,
  systemTheme,
  type Theme,
} from './theme';
import { ThemeContext } from './theme-context';

/** Follows the operating system until the user picks a theme; the pick is remembered. */
export function ThemeProvider({ children }: { children: ReactNode }) {
  const [chosen, setChosen] = useState<Theme | null>(readStoredTheme);
  const system = useSyncExternalStore(subscribeToSystemTheme, systemTheme, () => 'light' as const);
  const theme = chosen ?? system;

  useEffect(() => applyTheme(theme), [theme]);

  const toggle = useCallback(() => {
    const nextTheme: Theme = theme === 'dark' ? 'light' : 'dark';
    storeTheme(nextTheme);
    setChosen(nextTheme);
  }, [theme]);

  const value = useMemo(() => ({ theme, toggle }), [theme, toggle]);
  return <ThemeContext value={value}>{children}</ThemeContext>;
}
