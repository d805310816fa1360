/**
 * The dashboard's glossary covers every figure a real run records: each metric key of a
 * backtest on GOOG daily, its baseline comparison, a sweep's overfitting statistics and every
 * risk limit field. A new metric without a definition fails here.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBacktest } from '../../src/backtest/run-backtest.js';
import { parseParamSpace } from '../../src/backtest/sweep/param-space.js';
import { runSweep } from '../../src/backtest/sweep/sweep.js';
import { GLOSSARY } from '../../src/report/glossary.js';
import { SqliteStore } from '../../src/store/sqlite-store.js';
import { RISK_LIMIT_FIELDS } from '../../src/trading/risk/config.js';
import { ingest } from '../helpers/ingest.js';
import { SAMPLE_DATA } from '../helpers/real-bars.js';
import { tempDir } from '../helpers/tmp.js';

const dir = tempDir('sextant-glossary-');
let store: SqliteStore;
const keys = new Set(GLOSSARY.map((e) => e.key));
const missing = (names: Iterable<string>) => [...names].filter((k) => !keys.has(k));

beforeAll(async () => {
  store = SqliteStore.open(join(dir, 'glossary.db'));
  await ingest(store, join(SAMPLE_DATA, 'GOOG_1d.csv'), { symbol: 'GOOG' });
});
afterAll(() => store.close());

describe('glossary', () => {
  it('defines every metric and comparison figure a recorded backtest run holds', async () => {
    const run = await runBacktest(store, { strategy: 'sma-cross', symbols: ['GOOG'], interval: '1d', params: { fast: 10, slow: 20 }, randomSeeds: 3 });
    const rec = (await store.getRun(run.runId))!;
    expect(Object.keys(rec.metrics).length).toBeGreaterThan(30);
    expect(missing(Object.keys(rec.metrics))).toEqual([]);
    const comparison = rec.summary.comparison as Record<string, unknown>;
    expect(missing(Object.keys(comparison))).toEqual([]);
    // A baseline row shows these figures next to the strategy's.
    const baseline = (rec.summary.baselines as Record<string, unknown>[])[0];
    expect(missing(Object.keys(baseline).filter((k) => k !== 'name'))).toEqual([]);
  });

  it('defines every overfitting statistic a sweep records', async () => {
    const s = await runSweep(store, { run: { strategy: 'sma-cross', symbols: ['GOOG'], interval: '1d' }, space: parseParamSpace(['fast=5,10', 'slow=20,40']), search: 'grid', objective: 'sharpe' }, { workers: 1 });
    const stats = Object.keys(s.outcome.overfitting).filter((k) => k !== 'notes');
    expect(stats).toContain('deflated_sharpe');
    expect(missing(stats)).toEqual([]);
  });

  it('defines every risk limit, and no limit that does not exist', () => {
    const limits = GLOSSARY.filter((e) => e.key.startsWith('limit.')).map((e) => e.key.slice('limit.'.length));
    expect([...limits].sort()).toEqual([...RISK_LIMIT_FIELDS].sort());
  });

  it('has one entry per key, each with a label and a one- or two-sentence definition', () => {
    expect(keys.size).toBe(GLOSSARY.length);
    for (const e of GLOSSARY) {
      expect(e.label.trim(), e.key).not.toBe('');
      const sentences = e.definition.split(/[.!?](?:\s|$)/).filter((s) => s.trim() !== '');
      expect(sentences.length, `${e.key}: ${e.definition}`).toBeGreaterThanOrEqual(1);
      expect(sentences.length, `${e.key}: ${e.definition}`).toBeLessThanOrEqual(2);
    }
  });
});
