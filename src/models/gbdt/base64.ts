/**
 * Float64Array ⇄ base64 of its little-endian bytes: exact (NaN payloads, −0 and ±∞ included,
 * which JSON numbers cannot carry) and about half the size of decimal text.
 */
export function float64ToBase64(a: Float64Array): string {
  const bytes = new Uint8Array(a.length * 8);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < a.length; i++) view.setFloat64(i * 8, a[i], true);
  return Buffer.from(bytes).toString('base64');
}

/** null when the text is not base64 of whole doubles. */
export function base64ToFloat64(s: string): Float64Array | null {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(s)) return null;
  const bytes = Buffer.from(s, 'base64');
  if (bytes.length % 8 !== 0) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  const out = new Float64Array(bytes.length / 8);
  for (let i = 0; i < out.length; i++) out[i] = view.getFloat64(i * 8, true);
  return out;
}
