/**
 * The underwater curve in percent: (e[t] / max(e[0..t]) − 1) · 100, so 0 at a new high and
 * negative below it. A NaN point stays NaN and does not move the running peak.
 */
export function drawdownPct(equity: Float64Array): Float64Array {
  const out = new Float64Array(equity.length);
  let peak = -Infinity;
  for (let t = 0; t < equity.length; t++) {
    const e = equity[t];
    if (e > peak) peak = e;
    out[t] = (e / peak - 1) * 100;
  }
  return out;
}
