import type { FillRecord } from './events.js';
import { Columns } from './growable.js';

/** Fills stored column-wise (see TradeLog); tags are interned. `records()` builds the objects at the end. */
export class FillLog {
  length = 0;
  private readonly cols = new Columns(8);
  private lastTag = '';
  private lastTagIndex = -1;
  private readonly tags: string[] = [];
  private readonly tagIndex = new Map<string, number>();

  push(orderId: number, symbol: number, time: number, point: number, qty: number, price: number, fee: number, tag: string): void {
    const k = this.length++;
    this.cols.ensure(k);
    const c = this.cols.data;
    c[0][k] = orderId;
    c[1][k] = symbol;
    c[2][k] = time;
    c[3][k] = point;
    c[4][k] = qty;
    c[5][k] = price;
    c[6][k] = fee;
    c[7][k] = this.tagOf(tag);
  }

  /** Tags are interned; consecutive fills usually share one, so the last is remembered. */
  private tagOf(tag: string): number {
    if (tag === this.lastTag && this.lastTagIndex >= 0) return this.lastTagIndex;
    let t = this.tagIndex.get(tag);
    if (t === undefined) {
      t = this.tags.push(tag) - 1;
      this.tagIndex.set(tag, t);
    }
    this.lastTag = tag;
    this.lastTagIndex = t;
    return t;
  }

  record(k: number, symbols: readonly string[]): FillRecord {
    const c = this.cols.data;
    return { orderId: c[0][k], symbol: symbols[c[1][k]], time: c[2][k], point: c[3][k], qty: c[4][k], price: c[5][k], fee: c[6][k], tag: this.tags[c[7][k]] };
  }

  records(symbols: readonly string[]): FillRecord[] {
    const out: FillRecord[] = new Array(this.length);
    for (let k = 0; k < this.length; k++) out[k] = this.record(k, symbols);
    return out;
  }
}
