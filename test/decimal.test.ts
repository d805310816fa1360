import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parsePlainDecimal } from '../src/data/decimal.js';

describe('parsePlainDecimal', () => {
  it('gives exactly the double Number() gives for plain decimals (property)', () => {
    fc.assert(
      fc.property(fc.double({ min: -1e9, max: 1e9, noNaN: true }), fc.integer({ min: 0, max: 8 }), (x, places) => {
        const text = x.toFixed(places);
        const fast = parsePlainDecimal(text);
        if (text.replace(/[-.]/g, '').length <= 15) expect(Object.is(fast, Number(text)) || (fast === 0 && Number(text) === 0)).toBe(true);
        else expect(fast).toBeNaN();
      }),
      { numRuns: 2000 },
    );
  });

  it('reads what it should and declines everything else', () => {
    expect(parsePlainDecimal('101.25')).toBe(101.25);
    expect(parsePlainDecimal('-3')).toBe(-3);
    expect(parsePlainDecimal('+0.5')).toBe(0.5);
    expect(parsePlainDecimal('2.179012')).toBe(2.179012);
    expect(parsePlainDecimal('.5')).toBe(0.5);
    for (const bad of ['', ' ', '-', '.', '1.2.3', '1e5', '0x10', 'abc', ' 12', '12 ', '1,234.5', 'NaN', '1234567890123456']) expect(parsePlainDecimal(bad), bad).toBeNaN();
  });
});
