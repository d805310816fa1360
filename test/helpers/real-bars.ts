import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BarSeries } from '../../src/core/bar-series.js';
import { parseInterval } from '../../src/core/interval.js';
import { prepareIngest } from '../../src/data/ingest.js';
import { ingestOptions } from './ingest.js';

export const SHARED_DATA = fileURLToPath(new URL('../../../shared/data/', import.meta.url));
export const SAMPLE_DATA = fileURLToPath(new URL('../../examples/data/', import.meta.url));
export const hasSharedData = existsSync(SHARED_DATA);

function csvFiles(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir).filter((f) => /^[A-Z0-9]+_\w+\.csv$/.test(f)).sort() : [];
}

/** Every real OHLCV file: all of ../shared/data when it is there, else the copies in examples/data. */
export function realDataFiles(): string[] {
  if (hasSharedData) return csvFiles(SHARED_DATA).map((f) => join(SHARED_DATA, f));
  console.warn(`[features] ${SHARED_DATA} is absent: testing on the copies in examples/data only`);
  return csvFiles(SAMPLE_DATA).map((f) => join(SAMPLE_DATA, f));
}

const cache = new Map<string, BarSeries>();

/** A real file read and validated the way `sextant ingest` reads it (times as bar close times). */
export function loadReal(file: string): BarSeries {
  let bars = cache.get(file);
  if (!bars) {
    const [symbol, iv] = file.split('/').pop()!.replace('.csv', '').split('_');
    bars = prepareIngest(ingestOptions(file, { symbol, interval: parseInterval(iv), stamp: 'close' })).bars;
    cache.set(file, bars);
  }
  return bars;
}

/** The GOOG daily sample shipped in examples/data (always present). */
export function googDaily(): BarSeries {
  return loadReal(join(SAMPLE_DATA, 'GOOG_1d.csv'));
}
