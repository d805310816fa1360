/** Risk limits as the Controls page edits them. */

/** Limits as dotted field → value (`circuitBreaker.consecutiveLosses`), in the API's order. */
export function flattenLimits(o: Record<string, unknown>, prefix = ''): [string, unknown][] {
  return Object.entries(o).flatMap(([k, v]) => (v !== null && typeof v === 'object' && !Array.isArray(v) ? flattenLimits(v as Record<string, unknown>, `${prefix}${k}.`) : [[`${prefix}${k}`, v] as [string, unknown]]));
}

/** A limit's value as the page shows it: null is `off`. */
export const shownLimit = (v: unknown) => (v === null ? 'off' : String(v));

/** What a person typed, as the value the API takes: `off` (or `null`) turns a limit off, `true`/`false` are flags, numbers may group digits with `_` or `,`; anything else goes as typed, for the server to refuse with its reason. */
export function limitInput(text: string): number | boolean | null | string {
  const t = text.trim();
  if (t === 'off' || t === 'null') return null;
  if (t === 'true' || t === 'false') return t === 'true';
  const n = Number(t.replace(/[_,]/g, ''));
  return t !== '' && Number.isFinite(n) ? n : t;
}
