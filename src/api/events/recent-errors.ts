/** An error worth showing on the Health page: a failed request, job or event source. */
export interface RecentError {
  at: string;
  source: string;
  code: string;
  message: string;
}

/** The last `capacity` errors, newest first. */
export class RecentErrors {
  private readonly items: RecentError[] = [];

  constructor(private readonly capacity = 50) {}

  add(source: string, code: string, message: string): void {
    this.items.unshift({ at: new Date().toISOString(), source, code, message });
    if (this.items.length > this.capacity) this.items.length = this.capacity;
  }

  list(): RecentError[] {
    return [...this.items];
  }
}
