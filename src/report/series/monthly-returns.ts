/**
 * Calendar-month and calendar-year returns of an equity curve, in percent, months in UTC.
 *
 * Times are bar close stamps, and a bar's close instant belongs to the next period (a daily bar
 * of Jan 31 closes at Feb 1 00:00), so a point counts in the month of its last instant, t − 1 ms.
 * A month's return runs from the last point of the month before it that has points (the first
 * point of the curve, for the first month) to its own last point; a year's likewise. Months with
 * no point are NaN, and the next month with points carries their change.
 */
export interface MonthlyReturns {
  firstYear: number;
  /** Number of years, firstYear … firstYear + years − 1. */
  years: number;
  /** % return of month m (0 = January) of year firstYear + y at index y · 12 + m. */
  months: Float64Array;
  /** % return of year firstYear + y at index y. */
  yearly: Float64Array;
}

export function monthlyReturns(times: Float64Array, equity: Float64Array): MonthlyReturns {
  const n = times.length;
  if (n === 0) return { firstYear: 0, years: 0, months: new Float64Array(0), yearly: new Float64Array(0) };
  const firstYear = new Date(times[0] - 1).getUTCFullYear();
  const years = new Date(times[n - 1] - 1).getUTCFullYear() - firstYear + 1;
  const months = new Float64Array(years * 12).fill(NaN);
  const yearly = new Float64Array(years).fill(NaN);

  let monthBase = equity[0];
  let yearBase = equity[0];
  // The month being filled, as its index into `months`, and the instants bounding it.
  let month = -1;
  let monthStart = Infinity;
  let monthEnd = -Infinity;
  for (let i = 0; i < n; i++) {
    const instant = times[i] - 1;
    if (instant >= monthStart && instant < monthEnd) continue;
    // A new month starts at point i (a Date only here, once per month, not per point).
    const d = new Date(instant);
    const y = d.getUTCFullYear();
    const m = d.getUTCMonth();
    monthStart = Date.UTC(y, m, 1);
    monthEnd = Date.UTC(y, m + 1, 1);
    if (month >= 0) {
      const last = equity[i - 1];
      months[month] = (last / monthBase - 1) * 100;
      monthBase = last;
      if (Math.floor(month / 12) !== y - firstYear) {
        yearly[Math.floor(month / 12)] = (last / yearBase - 1) * 100;
        yearBase = last;
      }
    }
    month = (y - firstYear) * 12 + m;
  }
  months[month] = (equity[n - 1] / monthBase - 1) * 100;
  yearly[Math.floor(month / 12)] = (equity[n - 1] / yearBase - 1) * 100;
  return { firstYear, years, months, yearly };
}
