import { TimeZone } from '../../src/core/timezone.js';
import { type IngestOptions, applyIngest, prepareIngest } from '../../src/data/ingest.js';
import type { Store } from '../../src/store/store.js';

/** Ingest with the CLI's defaults (no --asset-class: a new symbol is an equity); only what a test cares about needs saying. */
export function ingestOptions(file: string, over: Partial<IngestOptions> = {}): IngestOptions {
  return { file, symbol: 'TEST', interval: '1d', timezone: new TimeZone('UTC'), stamp: 'open', ...over };
}

export async function ingest(store: Store, file: string, over: Partial<IngestOptions> = {}) {
  return applyIngest(store, prepareIngest(ingestOptions(file, over)));
}
