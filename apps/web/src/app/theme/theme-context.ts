import { createContext, use } from 'react';
import type { Theme } from './theme';

export interface ThemeContextValue {
  theme: Theme;
  toggle: () => void;
}

export const ThemeContext = createContext<ThemeContextValue | null>(null);

export function useTheme(): ThemeContextValue {
  const value = use(ThemeContext);
  if (!value) throw new Error('useTheme() needs a <ThemeProvider> above it');
  return value;
}
