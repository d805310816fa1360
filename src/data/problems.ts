import type { ErrorCode } from '../core/errors.js';

/** One thing wrong with one row of an input file. */
export interface Problem {
  code: ErrorCode;
  /** 1-based line number in the file (the header is row 1). */
  row: number;
  column: string;
  value: string;
  expected: string;
}

/** How many problems of each kind were found, and the first few to show. */
export class ProblemLog {
  static readonly SHOWN = 20;
  /** The problems of the first rows, in file order: all of them when the log keeps everything. */
  readonly first: Problem[] = [];
  readonly counts: Partial<Record<ErrorCode, number>> = {};
  total = 0;

  constructor(private readonly keep = ProblemLog.SHOWN) {}

  /** Problems may arrive out of file order (order checks run last); `first` stays sorted by row. */
  add(p: Problem): void {
    this.total++;
    this.counts[p.code] = (this.counts[p.code] ?? 0) + 1;
    const list = this.first;
    if (list.length === 0 || list[list.length - 1].row <= p.row) {
      if (list.length < this.keep) list.push(p);
      return;
    }
    let at = list.length;
    while (at > 0 && list[at - 1].row > p.row) at--;
    list.splice(at, 0, p);
    if (list.length > this.keep) list.pop();
  }

  /** Puts a problem at the head of the list: the one that decides the verdict. */
  addFirst(p: Problem): void {
    this.total++;
    this.counts[p.code] = (this.counts[p.code] ?? 0) + 1;
    this.first.unshift(p);
    if (this.first.length > this.keep) this.first.pop();
  }

  /** "row 5, column high, value '9.5': expected ≥ max(open, close) = 10.2" */
  static describe(p: Problem): string {
    return `row ${p.row}, column ${p.column}, value '${p.value}': ${p.code}: expected ${p.expected}`;
  }
}
