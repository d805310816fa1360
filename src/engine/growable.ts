/** Float64Array columns of one log, grown together (doubling) only when full: no object per entry. */
export class Columns {
  capacity = 64;
  readonly data: Float64Array[];

  constructor(count: number) {
    this.data = Array.from({ length: count }, () => new Float64Array(this.capacity));
  }

  /** Makes room for entry `k`. */
  ensure(k: number): void {
    if (k < this.capacity) return;
    this.capacity *= 2;
    for (let c = 0; c < this.data.length; c++) {
      const next = new Float64Array(this.capacity);
      next.set(this.data[c]);
      this.data[c] = next;
    }
  }
}
