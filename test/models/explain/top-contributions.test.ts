/** The "top k reasons" of one prediction, by hand. */
import { describe, expect, it } from 'vitest';
import { SextantError } from '../../../src/core/errors.js';
import { topContributions } from '../../../src/models/explain/top-contributions.js';

const names = ['rsi', 'sma', 'vol', 'atr'];
// 2 rows of 4 features; 2 outputs → blocks of 5 per row and output
const values = { rows: 2, cols: 4, data: Float64Array.of(30, 1.5, NaN, 2, 70, 1.1, 0.2, 3) };
const contrib = Float64Array.of(
  0.5, -0.75, 0.5, 0, 1, // row 0, output 0
  9, 9, 9, 9, 9, //          row 0, output 1
  -0.1, 0.2, 0, 0.3, 2, //   row 1, output 0
  0.4, -0.4, 0.1, 0, 2, //   row 1, output 1
);

describe('topContributions', () => {
  it('sorts by |contribution|, ties by name, leaves out zeros and the expected value', () => {
    expect(topContributions(contrib, 0, 0, names, values, 10)).toEqual([
      { feature: 'sma', value: 1.5, contribution: -0.75 },
      { feature: 'rsi', value: 30, contribution: 0.5 },
      { feature: 'vol', value: NaN, contribution: 0.5 },
    ]);
  });
  it('takes the row and output asked for, and at most k', () => {
    expect(topContributions(contrib, 1, 1, names, values, 2)).toEqual([
      { feature: 'rsi', value: 70, contribution: 0.4 },
      { feature: 'sma', value: 1.1, contribution: -0.4 },
    ]);
    expect(topContributions(contrib, 1, 0, names, values, 1)).toEqual([{ feature: 'atr', value: 3, contribution: 0.3 }]);
    expect(topContributions(contrib, 1, 0, names, values, 0)).toEqual([]);
  });
  it('refuses shapes and indices that do not fit', () => {
    expect(() => topContributions(contrib, 2, 0, names, values, 3)).toThrow(SextantError);
    expect(() => topContributions(contrib, 0, 2, names, values, 3)).toThrow(SextantError);
    expect(() => topContributions(contrib, 0, 0, names.slice(1), values, 3)).toThrow(SextantError);
    expect(() => topContributions(contrib.subarray(1), 0, 0, names, values, 3)).toThrow(SextantError);
    expect(() => topContributions(contrib, 0, 0, names, values, -1)).toThrow(SextantError);
  });
});
