/** Number formats for denial messages: a trader reads "6,200.00", not 6200.000000001. */
const MONEY = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const PLAIN = new Intl.NumberFormat('en-US', { maximumFractionDigits: 8 });
const PERCENT = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });

export const money = (v: number): string => MONEY.format(v);
export const units = (v: number): string => PLAIN.format(v);
export const percent = (v: number): string => `${PERCENT.format(v)}%`;
export const isoTime = (ms: number): string => new Date(ms).toISOString().replace('.000Z', 'Z');
