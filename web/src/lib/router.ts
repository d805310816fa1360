import { useSyncExternalStore } from 'react';

/**
 * A hash router: `#/backtests/ID?x=1`. The hash never reaches the server, so every page
 * reloads from index.html whatever the server does with unknown paths.
 */
export interface Route {
  /** Path segments: `#/backtests/abc` → ['backtests', 'abc']. */
  parts: string[];
  query: URLSearchParams;
}

function subscribe(fn: () => void): () => void {
  window.addEventListener('hashchange', fn);
  return () => window.removeEventListener('hashchange', fn);
}

export function useRoute(): Route {
  const hash = useSyncExternalStore(subscribe, () => location.hash);
  const [path, q = ''] = hash.replace(/^#/, '').split('?');
  return { parts: path.split('/').filter((p) => p !== '').map(decodeURIComponent), query: new URLSearchParams(q) };
}

export function href(path: string): string {
  return `#${path}`;
}

export function navigate(path: string): void {
  location.hash = path;
}
