import { BarSeries } from '../core/bar-series.js';
import { SextantError } from '../core/errors.js';
import { DAY_MS, WEEK_MS, type Interval, addIntervals, intervalMs, isInterval, periodEnd } from '../core/interval.js';
import { Rng } from '../core/rng.js';

/**
 * Synthetic but realistic market data, reproducible from a seed.
 *
 * Model (parameters are per trading day and scaled to the bar length `dt`, in trading days):
 *
 * - A hidden 3-state Markov regime: calm-bull, normal, turbulent-bear, each with its own log
 *   drift and base volatility, and a sticky daily transition matrix (expected stays of
 *   ~125, ~100 and ~33 trading days; stationary mix ≈ 38% / 51% / 11%, so the long-run log
 *   drift is ≈ +0.029%/day and the volatility ≈ 1.26%/day). Per bar the probability of
 *   staying is p_ii^dt; on leaving, the next regime is drawn in proportion to row i.
 * - GARCH(1,1) volatility clustering on top of the regime volatility: the bar's variance is
 *   base² · dt · g, with g a unit-mean GARCH factor g' = (1-α-β) + α·g·ε² + β·g. Daily
 *   α = 0.08, β = 0.90 (persistence 0.98, half-life ≈ 34 days); for a bar of dt days the
 *   persistence is 0.98^dt and α scales with dt (intraday: the day's α is spread over its
 *   bars, so the variance scales exactly with time) or keeps its share of the persistence
 *   (weekly, monthly), so the clustering has the same half-life in time. Intraday bars get
 *   a second, fast unit-mean GARCH factor h (half-life 1 hour, per-bar α sized for a factor
 *   sd ≈ 0.5; at 1m α ≈ 0.031, β ≈ 0.957) for short bursts: variance base² · dt · g · h.
 *   ε² is capped at 36 in the updates and g kept in [0.05, 25], so a single extreme draw
 *   cannot freeze the volatility for years.
 * - Student-t innovations (ν = 4, unit variance) for the intrabar move, a Gaussian gap
 *   between the previous close and the open (a fraction of the bar variance; plus an extra
 *   weekend gap on the first bar after a skipped weekend), so the close-to-close log return
 *   is drift + gap + body.
 * - High/low: max/min of open and close pushed out by Brownian-bridge excursions
 *   s·sqrt(E/2), E ~ Exp(1), with s the intrabar volatility.
 * - Volume: lognormal, rising with the bar volatility (regime and GARCH) and with the size
 *   of the shock |ε|, rounded to an integer.
 *
 * All prices are rounded to the tick size, then high/low are re-imposed to bracket open and
 * close, and every price is at least one tick.
 *
 * Calendar: bars only on weekdays (Mon–Fri, UTC). Daily: one bar per weekday. Intraday: bars
 * run through the whole weekday (00:00–24:00 UTC) and skip Saturday and Sunday. Weekly and
 * monthly: consecutive periods.
 */
export interface SynthOptions {
  symbol: string;
  interval: Interval;
  /** Number of bars, a non-negative integer. */
  bars: number;
  /** Any safe integer; the same options and seed give byte-identical series. */
  seed: number;
  /**
   * Close time of the first bar (UTC epoch ms). Rounded up to a period boundary, and moved
   * past a weekend for daily and intraday bars. Default: the first bar of 2000-01-03.
   */
  start?: number;
  /** Default 100. */
  startPrice?: number;
  /** Default 0.01. */
  tickSize?: number;
}

// ---- model parameters (per trading day) ----
const NU = 4;
/** Log drift per day: calm-bull, normal, turbulent-bear. */
const REGIME_MU = [0.0008, 0.0003, -0.0015];
/** Base volatility per day. */
const REGIME_VOL = [0.0075, 0.012, 0.024];
/** Daily regime transition matrix (rows sum to 1). */
const REGIME_P = [
  [0.992, 0.006, 0.002],
  [0.005, 0.99, 0.005],
  [0.004, 0.026, 0.97],
];
/** Stationary distribution of REGIME_P (π·P = π, solved numerically). */
const REGIME_PI = [0.3761061946902655, 0.5132743362831858, 0.11061946902654867];
const GARCH_ALPHA = 0.08;
const GARCH_PERSISTENCE = 0.98;
/** Caps that keep one extreme draw from blowing the volatility up for years. */
const GARCH_SHOCK2_CAP = 36;
const GARCH_G_MIN = 0.05;
const GARCH_G_MAX = 25;
/** Intraday burst component: half-life, target sd of the factor, Var(ε²) of the capped shock. */
const FAST_HALF_LIFE_MS = 3_600_000;
const FAST_VOL_OF_VOL = 0.5;
const FAST_SHOCK2_VAR = 6;
const INNOVATION_CAP = 12;
/** Share of the bar variance that arrives as a gap at the open. */
const GAP_SHARE_DAILY = 0.15;
const GAP_SHARE_INTRADAY = 0.03;
/** Extra gap std after a skipped weekend, as a fraction of a day's volatility. */
const WEEKEND_GAP_DAYS_VOL = 0.35;
/** Volume: mean shares per trading day, and the log-volume sensitivities. */
const VOLUME_PER_DAY = 1_000_000;
const VOLUME_SIGMA_ELASTICITY = 1.0;
const VOLUME_SHOCK_LOADING = 0.45;
const VOLUME_NOISE = 0.35;
/** E|ε| for a unit-variance t(4) (E|T4| = 1, scaled by sqrt(1/2)); only centres the volume term. */
const MEAN_ABS_SHOCK = 0.7071;

function invalid(message: string, details: Record<string, unknown>): never {
  throw new SextantError('OPTION_INVALID', message, details);
}

/** Day of the week of instant t: 0 = Sunday ... 6 = Saturday (1970-01-01 was a Thursday). */
function dayOfWeek(t: number): number {
  return (((Math.floor(t / DAY_MS) + 4) % 7) + 7) % 7;
}

/** Bar length in trading days. */
function barDays(iv: Interval): number {
  if (iv === '1mo') return 21;
  if (iv === '1w') return 5;
  return intervalMs(iv) / DAY_MS;
}

/** Fill `time` with close times starting at the (aligned, weekday) close `first`. */
function fillTimes(time: Float64Array, iv: Interval, first: number): void {
  const n = time.length;
  if (iv === '1mo') {
    let t = first;
    for (let i = 0; i < n; i++) {
      time[i] = t;
      t = addIntervals(t, iv, 1);
    }
    return;
  }
  if (iv === '1w') {
    for (let i = 0; i < n; i++) time[i] = first + i * WEEK_MS;
    return;
  }
  const step = intervalMs(iv);
  let t = first;
  for (let i = 0; i < n; i++) {
    const open = t - step;
    const dow = dayOfWeek(open);
    if (dow === 6 || dow === 0) {
      // Jump to the first bar of the following Monday.
      const dayStart = Math.floor(open / DAY_MS) * DAY_MS;
      t = dayStart + (dow === 6 ? 2 : 1) * DAY_MS + step;
    }
    time[i] = t;
    t += step;
  }
}

/** The names of the hidden regimes, indexed by the values in `SynthState.regime`. */
export const REGIME_NAMES = ['calm-bull', 'normal', 'turbulent-bear'] as const;

/** A synthetic series together with the hidden state that generated it (for tests, demos). */
export interface SynthState {
  series: BarSeries;
  /** Regime of each bar: an index into REGIME_NAMES. */
  regime: Uint8Array;
  /**
   * Conditional volatility of each bar's close-to-close log return (regime × GARCH), before
   * any weekend gap: the return minus its drift, divided by this, is the unit-variance shock.
   */
  sigma: Float64Array;
}

/** A synthetic, realistic bar series; byte-identical for the same options and seed. */
export function synthesize(opts: SynthOptions): BarSeries {
  return generate(opts, null, null);
}

/** Like `synthesize` (the same series for the same options), plus the hidden state. */
export function synthesizeWithState(opts: SynthOptions): SynthState {
  const n = Number.isSafeInteger(opts.bars) && opts.bars > 0 ? opts.bars : 0;
  const regime = new Uint8Array(n);
  const sigma = new Float64Array(n);
  return { series: generate(opts, regime, sigma), regime, sigma };
}

function generate(opts: SynthOptions, regimeOut: Uint8Array | null, sigmaOut: Float64Array | null): BarSeries {
  const { symbol, interval, bars, seed } = opts;
  const startPrice = opts.startPrice ?? 100;
  const tick = opts.tickSize ?? 0.01;
  if (typeof interval !== 'string' || !isInterval(interval)) invalid(`unknown interval '${String(interval)}'`, { interval });
  if (!Number.isSafeInteger(bars) || bars < 0) invalid(`bars must be a non-negative integer, got ${bars}`, { bars });
  if (!Number.isSafeInteger(seed)) invalid(`seed must be a safe integer, got ${seed}`, { seed });
  if (!(Number.isFinite(startPrice) && startPrice > 0)) invalid(`startPrice must be a positive number, got ${startPrice}`, { startPrice });
  if (!(Number.isFinite(tick) && tick > 0)) invalid(`tickSize must be a positive number, got ${tick}`, { tickSize: tick });
  const start = opts.start ?? periodEnd(Date.UTC(2000, 0, 3), interval);
  if (!Number.isFinite(start)) invalid(`start must be a finite epoch-ms time, got ${start}`, { start });

  const series = BarSeries.empty(symbol, interval, bars);
  if (bars === 0) return series;
  const { time, open, high, low, close, volume } = series;

  // ---- calendar ----
  fillTimes(time, interval, periodEnd(start - 1, interval));
  const fixedStep = interval === '1w' || interval === '1mo' ? Infinity : intervalMs(interval);

  // ---- parameters scaled to the bar ----
  const dt = barDays(interval);
  const sqrtDt = Math.sqrt(dt);
  const mu = new Float64Array(3);
  const vol = new Float64Array(3);
  const stay = new Float64Array(3);
  /** Cumulative probability of moving to the first of the two other regimes, given a move. */
  const leaveFirst = new Float64Array(3);
  for (let r = 0; r < 3; r++) {
    mu[r] = REGIME_MU[r] * dt;
    vol[r] = REGIME_VOL[r] * sqrtDt;
    const pii = REGIME_P[r][r];
    stay[r] = Math.pow(pii, dt);
    const first = r === 0 ? 1 : 0;
    leaveFirst[r] = REGIME_P[r][first] / (1 - pii);
  }
  const persistence = Math.pow(GARCH_PERSISTENCE, dt);
  // Intraday: the day's α is spread over its bars (α·dt each), so the factor follows the same
  // daily path at every bar size and the variance scales exactly with time. Weekly/monthly:
  // α keeps its share of the (smaller) persistence.
  const alpha = dt <= 1 ? GARCH_ALPHA * dt : (GARCH_ALPHA / GARCH_PERSISTENCE) * persistence;
  const beta = persistence - alpha;
  const omega = 1 - persistence;
  // Intraday only: a fast unit-mean GARCH component with a half-life of an hour (bursts).
  let fastPersistence = 0;
  let fastAlpha = 0;
  if (dt < 1) {
    fastPersistence = Math.pow(0.5, intervalMs(interval) / FAST_HALF_LIFE_MS);
    fastAlpha = Math.min(FAST_VOL_OF_VOL * Math.sqrt((1 - fastPersistence * fastPersistence) / FAST_SHOCK2_VAR), 0.5 * fastPersistence);
  }
  const fastBeta = fastPersistence - fastAlpha;
  const fastOmega = 1 - fastPersistence;
  const gapShare = dt >= 1 ? GAP_SHARE_DAILY : GAP_SHARE_INTRADAY;
  const gapScale = Math.sqrt(gapShare);
  const bodyScale = Math.sqrt(1 - gapShare);
  const weekendGapSd = WEEKEND_GAP_DAYS_VOL * REGIME_VOL[1];
  const logVolumeBase = Math.log(VOLUME_PER_DAY * dt) - 0.5 * VOLUME_NOISE * VOLUME_NOISE;
  const volRef = REGIME_VOL[1] * sqrtDt;

  // Tick rounding: dividing by an integer 1/tick gives the double nearest the decimal.
  const invTick = Math.round(1 / tick);
  const exactInv = Math.abs(1 / tick - invTick) < 1e-9 * invTick && invTick > 0;

  const rng = new Rng(seed);
  // Initial regime from the stationary distribution.
  const u0 = rng.next();
  let regime = u0 < REGIME_PI[0] ? 0 : u0 < REGIME_PI[0] + REGIME_PI[1] ? 1 : 2;
  let g = 1;
  let h = 1;
  let price = startPrice;

  for (let i = 0; i < bars; i++) {
    // Regime switch (one uniform decides both whether and where to).
    const u = rng.next();
    const s = stay[regime];
    if (u >= s) {
      const w = (u - s) / (1 - s);
      const a = regime === 0 ? 1 : 0;
      const b = regime === 2 ? 1 : 2;
      regime = w < leaveFirst[regime] ? a : b;
    }

    const sigma = vol[regime] * Math.sqrt(g * h);
    if (regimeOut !== null) regimeOut[i] = regime;
    if (sigmaOut !== null) sigmaOut[i] = sigma;
    let zt = rng.studentT(NU);
    if (zt > INNOVATION_CAP) zt = INNOVATION_CAP;
    else if (zt < -INNOVATION_CAP) zt = -INNOVATION_CAP;
    const zg = rng.normal();
    const shock = gapScale * zg + bodyScale * zt;
    let gap = sigma * gapScale * zg;
    if (i > 0 && time[i] - time[i - 1] > fixedStep) gap += weekendGapSd * Math.sqrt(g) * rng.normal();
    const bodySigma = sigma * bodyScale;
    const body = mu[regime] + bodySigma * zt;

    const prev = price;
    const o = prev * Math.exp(gap);
    price = o * Math.exp(body);
    const c = price;
    const hi = (o > c ? o : c) * Math.exp(bodySigma * Math.sqrt(0.5 * rng.exponential()));
    const lo = (o < c ? o : c) * Math.exp(-bodySigma * Math.sqrt(0.5 * rng.exponential()));

    // Round to the tick, keep every price >= one tick, then re-impose the bracket.
    let ro: number;
    let rh: number;
    let rl: number;
    let rc: number;
    if (exactInv) {
      ro = Math.round(o * invTick) / invTick;
      rh = Math.round(hi * invTick) / invTick;
      rl = Math.round(lo * invTick) / invTick;
      rc = Math.round(c * invTick) / invTick;
    } else {
      ro = Math.round(o / tick) * tick;
      rh = Math.round(hi / tick) * tick;
      rl = Math.round(lo / tick) * tick;
      rc = Math.round(c / tick) * tick;
    }
    if (!(ro >= tick)) ro = tick;
    if (!(rc >= tick)) rc = tick;
    if (!(rl >= tick)) rl = tick;
    if (rh < ro) rh = ro;
    if (rh < rc) rh = rc;
    if (rl > ro) rl = ro;
    if (rl > rc) rl = rc;
    open[i] = ro;
    high[i] = rh;
    low[i] = rl;
    close[i] = rc;

    // Volume: lognormal, loaded on the bar volatility and on the size of the shock.
    const absShock = shock < 0 ? -shock : shock;
    const logV =
      logVolumeBase +
      VOLUME_SIGMA_ELASTICITY * Math.log(sigma / volRef) +
      VOLUME_SHOCK_LOADING * (absShock - MEAN_ABS_SHOCK) +
      VOLUME_NOISE * rng.normal();
    volume[i] = Math.round(Math.exp(logV));

    // GARCH(1,1) update of the volatility factor.
    let shock2 = shock * shock;
    if (shock2 > GARCH_SHOCK2_CAP) shock2 = GARCH_SHOCK2_CAP;
    g = omega + alpha * g * shock2 + beta * g;
    if (g < GARCH_G_MIN) g = GARCH_G_MIN;
    else if (g > GARCH_G_MAX) g = GARCH_G_MAX;
    h = fastOmega + fastAlpha * h * shock2 + fastBeta * h;

    // Keep the unrounded price from collapsing below the tick grid.
    if (price < tick) price = tick;
  }
  return series;
}
