import { cssVar } from '../lib/theme';

/** Chart colours from the page's CSS variables, read when a chart is (re)drawn for a theme. */
export function chartColors() {
  return {
    text: cssVar('--text') || '#222',
    muted: cssVar('--muted') || '#888',
    grid: cssVar('--grid') || '#ddd',
    bg: cssVar('--panel') || '#fff',
    up: cssVar('--pos') || '#16a34a',
    down: cssVar('--neg') || '#dc2626',
    series: [cssVar('--s1'), cssVar('--s2'), cssVar('--s3'), cssVar('--s4'), cssVar('--s5'), cssVar('--s6')].map((c, i) => c || ['#2563eb', '#f59e0b', '#10b981', '#a855f7', '#ef4444', '#0ea5e9'][i]),
  };
}
