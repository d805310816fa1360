import { Columns } from './growable.js';

/** One model decision that named a direction: acted on (BUY/SELL) or abstained from. */
export interface DecisionRecord {
  symbol: string;
  /** Index of the decision bar in its symbol's bars of the run. */
  bar: number;
  time: number;
  acted: boolean;
  lean: -1 | 1;
  horizon: number;
  confidence: number;
}

/**
 * Decisions of signals that carried a lean, column-wise. Only model-driven strategies give a
 * lean, so other runs keep this empty.
 */
export class DecisionLog {
  length = 0;
  private readonly cols = new Columns(7);

  push(symbol: number, bar: number, time: number, acted: boolean, lean: -1 | 1, horizon: number, confidence: number): void {
    const k = this.length++;
    this.cols.ensure(k);
    const c = this.cols.data;
    c[0][k] = symbol;
    c[1][k] = bar;
    c[2][k] = time;
    c[3][k] = acted ? 1 : 0;
    c[4][k] = lean;
    c[5][k] = horizon;
    c[6][k] = confidence;
  }

  records(symbols: readonly string[]): DecisionRecord[] {
    const c = this.cols.data;
    const out: DecisionRecord[] = new Array(this.length);
    for (let k = 0; k < this.length; k++) {
      out[k] = { symbol: symbols[c[0][k]], bar: c[1][k], time: c[2][k], acted: c[3][k] === 1, lean: c[4][k] as -1 | 1, horizon: c[5][k], confidence: c[6][k] };
    }
    return out;
  }
}
