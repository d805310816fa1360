import type { Engine } from '../../engine/engine.js';
import type { SessionJournal } from './session-journal.js';

/** One thing the journal and the broker disagreed on, and the value kept (the broker's). */
export interface Repair {
  what: string;
  journal: number;
  broker: number;
}

/** Equal to within rounding (a millionth, relative). */
export const sameAmount = (a: number, b: number) => Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(a), Math.abs(b));

/**
 * Compares the positions and cash rebuilt from the journal with the broker's (for the paper
 * broker, its ledger in the kernel). The broker holds the money, so where they differ the
 * broker's value is the one kept and the difference is reported and journaled.
 */
export function reconcile(journal: SessionJournal, engine: Engine): Repair[] {
  const repairs: Repair[] = [];
  const book = journal.book;
  const { ledger, opts } = engine;
  opts.symbols.forEach((symbol, s) => {
    const held = book.positions.get(symbol)?.qty ?? 0;
    if (!sameAmount(held, ledger.position[s])) repairs.push({ what: `position ${symbol}`, journal: held, broker: ledger.position[s] });
  });
  if (!sameAmount(book.cash, ledger.cash)) repairs.push({ what: 'cash', journal: book.cash, broker: ledger.cash });
  return repairs;
}
