import { describe, expect, it } from 'vitest';
import { checkGrossExposure } from '../../../src/trading/risk/checks/gross-exposure.js';
import { checkMaxPosition } from '../../../src/trading/risk/checks/max-position.js';
import { checkNetExposure } from '../../../src/trading/risk/checks/net-exposure.js';
import { checkOrderNotional } from '../../../src/trading/risk/checks/order-notional.js';
import { checkOrderRisk } from '../../../src/trading/risk/checks/order-risk.js';
import { checkPriceBand } from '../../../src/trading/risk/checks/price-band.js';
import { checkPriceKnown } from '../../../src/trading/risk/checks/price-known.js';
import { checkStopRequired } from '../../../src/trading/risk/checks/stop-required.js';
import { defaultRiskConfig, parseRiskConfig } from '../../../src/trading/risk/config.js';
import type { RiskDecision } from '../../../src/trading/risk/types.js';
import { order, snapshot } from './fixtures.js';

const c = defaultRiskConfig();
const code = (d: RiskDecision): string | null => (d.ok ? null : d.code);

describe('order risk: qty × |price − stopLoss| ≤ 5 % of equity', () => {
  it('passes 4.99 % and exactly 5 %, denies 5.01 %', () => {
    const s = snapshot({ equity: 100_000 });
    expect(checkOrderRisk(order({ qty: 499, price: 100, stopLoss: 90 }), s, c).ok).toBe(true); // 4,990 = 4.99 %
    expect(checkOrderRisk(order({ qty: 500, price: 100, stopLoss: 90 }), s, c).ok).toBe(true); // 5,000 = 5 %
    expect(code(checkOrderRisk(order({ qty: 501, price: 100, stopLoss: 90 }), s, c))).toBe('RISK_ORDER_RISK'); // 5,010
  });
  it('measures the distance either side of the price (a short with its stop above)', () => {
    const s = snapshot({ equity: 100_000 });
    expect(code(checkOrderRisk(order({ side: -1, qty: 501, price: 100, stopLoss: 110 }), s, c))).toBe('RISK_ORDER_RISK');
    expect(checkOrderRisk(order({ side: -1, qty: 500, price: 100, stopLoss: 110 }), s, c).ok).toBe(true);
  });
  it('explains the numbers like a trader would write them', () => {
    const d = checkOrderRisk(order({ symbol: 'MSFT', qty: 100, price: 150, stopLoss: 88 }), snapshot({ equity: 119_000 }), c);
    expect(d).toEqual({
      ok: false,
      code: 'RISK_ORDER_RISK',
      message: 'risk 6,200.00 = 5.21% of equity 119,000.00 exceeds the 5% per-order limit (qty 100 × |150.00 − 88.00|)',
      details: { risk: 6200, riskPct: (6200 / 119_000) * 100, equity: 119_000, limitPct: 5, limit: 5950, qty: 100, price: 150, stopLoss: 88 },
    });
  });
  it('does not measure orders without a stop-loss, nor reducing ones', () => {
    expect(checkOrderRisk(order({ qty: 100_000 }), snapshot(), c).ok).toBe(true);
    expect(checkOrderRisk(order({ side: -1, qty: 1000, stopLoss: 200 }), snapshot({ positions: { AAPL: [1000, 100] } }), c).ok).toBe(true);
  });
});

describe('stop required', () => {
  const req = parseRiskConfig({ requireStopLoss: true });
  it('denies an opening order without a stop-loss only when required', () => {
    expect(code(checkStopRequired(order(), snapshot(), req))).toBe('RISK_STOP_REQUIRED');
    expect(checkStopRequired(order({ stopLoss: 95 }), snapshot(), req).ok).toBe(true);
    expect(checkStopRequired(order(), snapshot(), c).ok).toBe(true);
    expect(checkStopRequired(order({ side: -1, qty: 10 }), snapshot({ positions: { AAPL: [10, 100] } }), req).ok).toBe(true);
  });
});

describe('order notional ≤ 1,000,000', () => {
  it('passes at the limit and denies one unit over', () => {
    expect(checkOrderNotional(order({ qty: 10_000, price: 100 }), snapshot(), c).ok).toBe(true);
    const d = checkOrderNotional(order({ qty: 10_001, price: 100 }), snapshot(), c);
    expect(code(d)).toBe('RISK_ORDER_NOTIONAL');
    expect(d.ok ? '' : d.message).toBe('order notional 1,000,100.00 (qty 10,001 × 100.00) exceeds the 1,000,000.00 per-order limit');
  });
});

describe('price known', () => {
  it('needs an expected price to size an opening order, not a closing one', () => {
    expect(code(checkPriceKnown(order({ price: Number.NaN }), snapshot(), c))).toBe('RISK_NO_PRICE');
    expect(checkPriceKnown(order({ side: -1, price: Number.NaN }), snapshot({ positions: { AAPL: [10, 100] } }), c).ok).toBe(true);
  });
});

describe('price band: within 5 % of the last price 100', () => {
  const limit = (p: number) => order({ type: 'limit', limitPrice: p, price: p });
  it('passes 95 and 105, denies 94.99 and 105.01', () => {
    expect(checkPriceBand(limit(105), snapshot(), c).ok).toBe(true);
    expect(checkPriceBand(limit(95), snapshot(), c).ok).toBe(true);
    expect(code(checkPriceBand(limit(105.01), snapshot(), c))).toBe('RISK_PRICE_BAND');
    const d = checkPriceBand(limit(94.99), snapshot(), c);
    expect(d.ok ? '' : d.message).toBe('limit price 94.99 is 5.01% from the last price 100.00, outside the 5% price band');
  });
  it('checks the stop of stops and both prices of stop-limits; market orders pass', () => {
    expect(code(checkPriceBand(order({ type: 'stop', stopPrice: 106 }), snapshot(), c))).toBe('RISK_PRICE_BAND');
    const d = checkPriceBand(order({ type: 'stop-limit', stopPrice: 104, limitPrice: 90 }), snapshot(), c);
    expect(d.ok ? null : d.details.kind).toBe('limit');
    expect(checkPriceBand(order({ type: 'stop-limit', stopPrice: 104, limitPrice: 105 }), snapshot(), c).ok).toBe(true);
    expect(checkPriceBand(order({ type: 'market', symbol: 'NEW' }), snapshot(), c).ok).toBe(true);
  });
  it('denies a limit order when the last price is unknown', () => {
    expect(code(checkPriceBand(order({ type: 'limit', symbol: 'NEW', limitPrice: 10 }), snapshot(), c))).toBe('RISK_NO_PRICE');
  });
});

describe('max position: 100 % of equity 100,000 per symbol', () => {
  it('counts the held position: 500 held + 500 = 100 % passes, + 501 is denied', () => {
    const s = snapshot({ positions: { AAPL: [500, 100] } });
    expect(checkMaxPosition(order({ qty: 500 }), s, c).ok).toBe(true);
    const d = checkMaxPosition(order({ qty: 501 }), s, c);
    expect(code(d)).toBe('RISK_MAX_POSITION');
    expect(d.ok ? null : d.details).toMatchObject({ units: 1001, value: 100_100, limit: 100_000 });
  });
  it('counts working orders on the same side, not the other side', () => {
    const working = [order({ clientOrderId: 'w1', qty: 100 }), order({ clientOrderId: 'w2', side: -1, qty: 300 })];
    const s = snapshot({ positions: { AAPL: [500, 100] }, openOrders: working });
    expect(checkMaxPosition(order({ qty: 400 }), s, c).ok).toBe(true); // 500 + 100 + 400 = 1,000
    expect(code(checkMaxPosition(order({ qty: 401 }), s, c))).toBe('RISK_MAX_POSITION');
  });
  it('does not count the order itself when it is already among the working orders', () => {
    const me = order({ clientOrderId: 'me', qty: 1000 });
    expect(checkMaxPosition(me, snapshot({ openOrders: [me] }), c).ok).toBe(true);
  });
  it('applies to shorts, and passes an order that does not raise the worst case', () => {
    expect(code(checkMaxPosition(order({ side: -1, qty: 501 }), snapshot({ positions: { AAPL: [-500, 100] } }), c))).toBe('RISK_MAX_POSITION');
    // 1,200 held (over the limit after a fall in equity): selling 1,500 flips to −300, worst case stays 1,200
    expect(checkMaxPosition(order({ side: -1, qty: 1500 }), snapshot({ positions: { AAPL: [1200, 100] } }), c).ok).toBe(true);
  });
});

describe('gross exposure: 100 % of equity 100,000', () => {
  it('sums |positions| of every symbol: 60,000 MSFT (long or short) + 40,000 AAPL passes, one more unit is denied', () => {
    for (const msft of [300, -300]) {
      const s = snapshot({ positions: { MSFT: [msft, 200] } });
      expect(checkGrossExposure(order({ qty: 400 }), s, c).ok).toBe(true);
      const d = checkGrossExposure(order({ qty: 401 }), s, c);
      expect(code(d)).toBe('RISK_GROSS_EXPOSURE');
      expect(d.ok ? null : d.details).toMatchObject({ grossBefore: 60_000, grossAfter: 100_100 });
    }
  });
  it('counts working orders on other symbols at their last price', () => {
    const s = snapshot({ positions: { MSFT: [300, 200] }, last: { GOOG: 100 }, openOrders: [order({ clientOrderId: 'g', symbol: 'GOOG', qty: 10 })] });
    expect(checkGrossExposure(order({ qty: 390 }), s, c).ok).toBe(true); // 60,000 + 1,000 + 39,000
    expect(code(checkGrossExposure(order({ qty: 391 }), s, c))).toBe('RISK_GROSS_EXPOSURE');
  });
  it('says when a held symbol has no price', () => {
    const s = snapshot({ positions: { XYZ: [10, Number.NaN] }, last: { XYZ: Number.NaN } });
    const d = checkGrossExposure(order(), s, c);
    expect(code(d)).toBe('RISK_NO_PRICE');
    expect(d.ok ? null : d.details.symbol).toBe('XYZ');
  });
});

describe('net exposure: 50 % of equity 100,000', () => {
  const half = parseRiskConfig({ maxNetExposurePct: 50, maxGrossExposurePct: null });
  it('denies a buy that adds to a long book over the limit but lets a hedge through', () => {
    const s = snapshot({ positions: { MSFT: [300, 200] } }); // 60,000 long, already over
    expect(code(checkNetExposure(order({ qty: 1 }), s, half))).toBe('RISK_NET_EXPOSURE');
    expect(checkNetExposure(order({ side: -1, qty: 100 }), s, half).ok).toBe(true); // net 50,000
  });
  it('applies to the short side: −40,000 − 10,000 passes, − 10,100 is denied', () => {
    const s = snapshot({ positions: { MSFT: [-200, 200] } });
    expect(checkNetExposure(order({ side: -1, qty: 100 }), s, half).ok).toBe(true);
    const d = checkNetExposure(order({ side: -1, qty: 101 }), s, half);
    expect(code(d)).toBe('RISK_NET_EXPOSURE');
    expect(d.ok ? null : d.details).toMatchObject({ direction: 'short', netAfter: 50_100 });
  });
  it('counts working buys on the long side', () => {
    const s = snapshot({ positions: { MSFT: [200, 200] }, openOrders: [order({ clientOrderId: 'w', symbol: 'MSFT', qty: 50, price: 200 })] });
    expect(code(checkNetExposure(order({ qty: 1 }), s, half))).toBe('RISK_NET_EXPOSURE'); // 40,000 + 10,000 working + 100
    expect(checkNetExposure(order({ side: -1, qty: 1 }), s, half).ok).toBe(true);
  });
});
