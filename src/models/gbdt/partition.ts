import { MISSING_BIN } from './binning.js';

/**
 * One thread's rows grouped by the leaf they are in: leaf l holds rows[begin[l] … begin[l] + count[l]),
 * in increasing row order (splits are stable), so histogram loops walk memory forwards.
 */
export class RowPartition {
  readonly rows: Int32Array;
  private readonly spare: Int32Array;
  begin: Int32Array;
  count: Int32Array;

  constructor(capacity: number, maxLeaves: number) {
    this.rows = new Int32Array(capacity);
    this.spare = new Int32Array(capacity);
    this.begin = new Int32Array(maxLeaves);
    this.count = new Int32Array(maxLeaves);
  }

  /** Leaf 0 holds the rows of [lo, hi) whose bag entry is set (all of them when bag is null). */
  reset(lo: number, hi: number, bag: Uint8Array | null): void {
    let m = 0;
    if (bag === null) for (let r = lo; r < hi; r++) this.rows[m++] = r;
    else for (let r = lo; r < hi; r++) if (bag[r] !== 0) this.rows[m++] = r;
    this.begin[0] = 0;
    this.count[0] = m;
  }

  /**
   * Splits leaf `leaf`: rows whose bin (column[r]) is sent left by `goesLeft` (256 entries of 0/1)
   * stay in `leaf`, the others move to `right`. Branch-free: each row is written to both sides and
   * only the side it belongs to advances.
   */
  split(leaf: number, right: number, column: Uint8Array, goesLeft: Uint8Array): void {
    const rows = this.rows;
    const spare = this.spare;
    const start = this.begin[leaf];
    const end = start + this.count[leaf];
    let nl = start;
    let nr = 0;
    for (let i = start; i < end; i++) {
      const r = rows[i];
      const left = goesLeft[column[r]];
      rows[nl] = r;
      spare[nr] = r;
      nl += left;
      nr += 1 - left;
    }
    rows.set(spare.subarray(0, nr), nl);
    this.count[leaf] = nl - start;
    this.begin[right] = nl;
    this.count[right] = nr;
  }
}

/** The 256-entry table of which bins a split sends left: bins ≤ bin, and the missing bin when defaultLeft. */
export function leftTable(bin: number, defaultLeft: boolean, out: Uint8Array): void {
  for (let b = 0; b < 256; b++) out[b] = b <= bin ? 1 : 0;
  out[MISSING_BIN] = defaultLeft ? 1 : 0;
}
