import type { RunSummaryRow } from '../../lib/types';

/** `sma-cross(fast=10, slow=20) on GOOG 1d`. */
export function runTitle(r: Pick<RunSummaryRow, 'strategy' | 'params' | 'symbols' | 'interval'>): string {
  const params = Object.entries(r.params ?? {})
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
  return `${r.strategy}${params ? `(${params})` : ''} on ${(r.symbols ?? []).join(', ')} ${r.interval ?? ''}`.trim();
}

export const shortId = (id: string) => id.slice(0, 10);
