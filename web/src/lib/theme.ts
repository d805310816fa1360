import { createContext, useCallback, useEffect, useState } from 'react';

/** Dark or light, remembered in localStorage; the first visit follows the system's preference. */
export type Theme = 'dark' | 'light';

const STORAGE_KEY = 'sextant.theme';

function initialTheme(): Theme {
  const saved = localStorage.getItem(STORAGE_KEY);
  if (saved === 'dark' || saved === 'light') return saved;
  return window.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

export function useTheme(): [Theme, () => void] {
  const [theme, setTheme] = useState<Theme>(initialTheme);
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);
  const toggle = useCallback(() => {
    setTheme((t) => {
      const next = t === 'dark' ? 'light' : 'dark';
      localStorage.setItem(STORAGE_KEY, next);
      return next;
    });
  }, []);
  return [theme, toggle];
}

/** A CSS variable's current value (charts draw on canvas and need real colours). */
export function cssVar(name: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim();
}

/** The theme in force, for charts that must redraw in the other colours. */
export const ThemeContext = createContext<Theme>('light');
