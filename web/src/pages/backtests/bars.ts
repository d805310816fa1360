import { api, query } from '../../lib/api';
import type { Bar, BarsPage } from '../../lib/types';

/** Most bars a chart loads (pages of 5,000): enough for years of daily or weeks of minute bars. */
const MAX_BARS = 50_000;

/** Every stored bar of a series between two close times, page after page. */
export async function loadBars(symbol: string, interval: string, from: number | null, to: number | null): Promise<Bar[]> {
  const out: Bar[] = [];
  let after: number | null = null;
  for (;;) {
    const page: BarsPage = await api.get<BarsPage>(`/assets/${encodeURIComponent(symbol)}/bars${query({ interval, from: from ?? undefined, to: to ?? undefined, after: after ?? undefined, limit: 5000 })}`);
    out.push(...page.bars);
    if (page.next_after === null || out.length >= MAX_BARS) return out;
    after = page.next_after;
  }
}
