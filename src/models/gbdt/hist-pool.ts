/** Reusable node histograms on the main thread, so growing a tree allocates none after the first. */
export class HistogramPool {
  private readonly free: Float64Array[] = [];

  constructor(private readonly length: number) {}

  take(): Float64Array {
    return this.free.pop() ?? new Float64Array(this.length);
  }

  give(h: Float64Array | null): void {
    if (h !== null) this.free.push(h);
  }
}
