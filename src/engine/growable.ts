/** A Float64Array column that doubles when full: logs of fills and trades allocate no object per entry. */
export class Column {
  data = new Float64Array(64);

  ensure(n: number): void {
    if (n <= this.data.length) return;
    const next = new Float64Array(Math.max(n, this.data.length * 2));
    next.set(this.data);
    this.data = next;
  }
}
