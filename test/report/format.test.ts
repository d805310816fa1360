/** Number and time formatting, and the escaping every string goes through on its way into a page. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeHtml, escapeMarkdown, jsonForScript } from '../../src/report/escape.js';
import { dailyTimes, formatFixed, formatMetric, formatNumber, timeLabeler } from '../../src/report/format.js';

describe('formatNumber', () => {
  it('writes NaN as a dash and infinities as ∞', () => {
    expect(formatNumber(NaN)).toBe('—');
    expect(formatFixed(NaN, 2)).toBe('—');
    expect(formatNumber(Infinity)).toBe('∞');
    expect(formatNumber(-Infinity)).toBe('-∞');
  });

  it('groups thousands, keeps integers whole, 2 decimals from 1 up, 3 significant digits below', () => {
    expect(formatNumber(1234567)).toBe('1,234,567');
    expect(formatNumber(-1234.567)).toBe('-1,234.57');
    expect(formatNumber(12.3456)).toBe('12.35');
    expect(formatNumber(0.0123456)).toBe('0.0123');
    expect(formatNumber(-0.5)).toBe('-0.5');
    expect(formatNumber(0)).toBe('0');
    expect(formatFixed(-123456.789, 1)).toBe('-123,456.8');
  });

  it('shows string metrics as they are and absent ones as a dash', () => {
    expect(formatMetric('2024-01-02T00:00:00.000Z')).toBe('2024-01-02T00:00:00.000Z');
    expect(formatMetric(undefined)).toBe('—');
    expect(formatMetric(NaN)).toBe('—');
  });
});

describe('time labels', () => {
  it('writes daily close stamps as the date of the bar', () => {
    const times = Float64Array.from([Date.UTC(2024, 1, 1), Date.UTC(2024, 1, 2)]);
    expect(dailyTimes(times)).toBe(true);
    // The daily bar of Jan 31 closes at Feb 1 00:00.
    expect(timeLabeler(true)(Date.UTC(2024, 1, 1))).toBe('2024-01-31');
  });

  it('writes intraday close stamps as ISO date-times', () => {
    const times = Float64Array.from([Date.UTC(2024, 1, 1), Date.UTC(2024, 1, 1, 0, 5)]);
    expect(dailyTimes(times)).toBe(false);
    expect(timeLabeler(false)(Date.UTC(2024, 1, 1, 0, 5))).toBe('2024-02-01T00:05:00Z');
  });
});

describe('escaping', () => {
  it('escapes markup characters for HTML text and attributes', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe('&#60;a href=&#34;x&#34; title=&#39;y&#39;&#62;&#38;&#60;/a&#62;');
  });

  it('writes JSON that parses back unchanged and has no "<" a script element could trip on (property)', () => {
    const nasty = fc.oneof(fc.string(), fc.constantFrom('</script>', '<!--', '</SCRIPT ', '<\\/', '\u2028'));
    fc.assert(
      fc.property(fc.array(nasty), fc.array(fc.double()), (strings, numbers) => {
        const text = jsonForScript({ strings, numbers });
        expect(text).not.toContain('<');
        const back = JSON.parse(text);
        expect(back.strings).toEqual(strings);
        // JSON has no NaN or infinities: they come back as null, every other number exactly.
        expect(back.numbers).toEqual(numbers.map((x) => (Number.isFinite(x) ? (Object.is(x, -0) ? 0 : x) : null)));
      }),
    );
  });

  it('keeps a Markdown cell to one line that cannot end the cell or open HTML', () => {
    expect(escapeMarkdown('a|b\n<script>`x`*y*[z]\\')).toBe('a\\|b \\<script\\>\\`x\\`\\*y\\*\\[z\\]\\\\');
  });
});
