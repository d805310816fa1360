/**
 * Which rows to keep when timestamps are not strictly increasing: a longest strictly
 * increasing subsequence (patience sorting, O(n log n)). One mistyped date therefore costs
 * one row, not every row after it. Of several equally long choices the one with the earliest
 * rows wins, so a row that is earlier than the row before it is the one dropped, and of equal
 * timestamps the first row is kept. (Running from the end and letting each row replace an
 * equal-or-later tail is what makes earlier rows win.)
 */
export function longestIncreasing(time: Float64Array, n: number): Uint8Array {
  const tails = new Int32Array(n); // tails[k]: the row starting the best run of length k+1 seen so far
  const next = new Int32Array(n).fill(-1);
  let len = 0;
  for (let i = n - 1; i >= 0; i--) {
    const t = time[i];
    // runs grow backwards here: find the first run whose start is not later than t
    let lo = 0;
    let hi = len;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (time[tails[mid]] > t) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) next[i] = tails[lo - 1];
    tails[lo] = i;
    if (lo === len) len++;
  }
  const keep = new Uint8Array(n);
  for (let i = len > 0 ? tails[len - 1] : -1; i >= 0; i = next[i]) keep[i] = 1;
  return keep;
}

/**
 * Bars that close less than `minStep` after the last bar kept before them, chosen greedily: a
 * stray 10:41:30 between 10:41 and 10:42 is the one marked, not its neighbours.
 */
export function tooClose(time: Float64Array, n: number, minStep: number): number[] {
  const marked: number[] = [];
  let last = n > 0 ? time[0] : 0;
  for (let i = 1; i < n; i++) {
    if (time[i] - last < minStep) marked.push(i);
    else last = time[i];
  }
  return marked;
}
