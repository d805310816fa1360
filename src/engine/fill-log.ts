import type { FillRecord } from './events.js';
import { Column } from './growable.js';

/** Fills stored column-wise (see TradeLog); tags are interned. `records()` builds the objects at the end. */
export class FillLog {
  length = 0;
  private readonly cols = [0, 1, 2, 3, 4, 5, 6, 7].map(() => new Column());
  private readonly tags: string[] = [];
  private readonly tagIndex = new Map<string, number>();

  push(orderId: number, symbol: number, time: number, point: number, qty: number, price: number, fee: number, tag: string): void {
    let t = this.tagIndex.get(tag);
    if (t === undefined) {
      t = this.tags.push(tag) - 1;
      this.tagIndex.set(tag, t);
    }
    const k = this.length++;
    const c = this.cols;
    for (const col of c) col.ensure(this.length);
    c[0].data[k] = orderId;
    c[1].data[k] = symbol;
    c[2].data[k] = time;
    c[3].data[k] = point;
    c[4].data[k] = qty;
    c[5].data[k] = price;
    c[6].data[k] = fee;
    c[7].data[k] = t;
  }

  record(k: number, symbols: readonly string[]): FillRecord {
    const c = this.cols;
    return { orderId: c[0].data[k], symbol: symbols[c[1].data[k]], time: c[2].data[k], point: c[3].data[k], qty: c[4].data[k], price: c[5].data[k], fee: c[6].data[k], tag: this.tags[c[7].data[k]] };
  }

  records(symbols: readonly string[]): FillRecord[] {
    const out: FillRecord[] = new Array(this.length);
    for (let k = 0; k < this.length; k++) out[k] = this.record(k, symbols);
    return out;
  }
}
