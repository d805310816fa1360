import { describe, expect, it } from 'vitest';
import { defaultRiskConfig } from '../../../src/trading/risk/config.js';
import { checkOrder } from '../../../src/trading/risk/risk-engine.js';
import type { RiskOrder, TradingState } from '../../../src/trading/risk/types.js';
import { order, snapshot } from './fixtures.js';

const STATES: TradingState[] = ['ACTIVE', 'REDUCING', 'HALTED'];
const KILLS = ['none', 'global', 'own', 'other'] as const;
const ORIGINS: RiskOrder['origin'][] = ['strategy', 'manual', 'flatten'];
const EFFECTS = ['reduce', 'close', 'increase', 'flip'] as const;

/** The rules of the issue written out as a table lookup, independent of the code's structure. */
function expected(state: TradingState, kill: (typeof KILLS)[number], origin: RiskOrder['origin'], effect: (typeof EFFECTS)[number]): string | null {
  const reduces = effect === 'reduce' || effect === 'close';
  if (origin === 'flatten') return reduces ? null : 'RISK_REDUCING_ONLY';
  if (state === 'HALTED') return 'RISK_TRADING_HALTED';
  if (state === 'REDUCING' && !reduces) return 'RISK_REDUCING_ONLY';
  if (kill === 'global' || kill === 'own') return 'RISK_KILL_SWITCH';
  return null;
}

describe('trading state × kill switch × origin × effect', () => {
  // 10 AAPL held at 100: sell 4 reduces, sell 10 closes, buy 4 adds, sell 14 flips to −4.
  const orders = { reduce: { side: -1, qty: 4 }, close: { side: -1, qty: 10 }, increase: { side: 1, qty: 4 }, flip: { side: -1, qty: 14 } } as const;
  const config = defaultRiskConfig();
  for (const state of STATES) {
    for (const kill of KILLS) {
      for (const origin of ORIGINS) {
        for (const effect of EFFECTS) {
          const want = expected(state, kill, origin, effect);
          it(`${state}, kill switch ${kill}, ${origin}, ${effect} → ${want ?? 'pass'}`, () => {
            const strategy = origin === 'manual' ? 'manual' : 's1';
            const o = order({ ...orders[effect], strategy, origin });
            const s = snapshot({
              positions: { AAPL: [10, 100] },
              tradingState: state,
              killGlobal: kill === 'global',
              killStrategies: kill === 'own' ? [strategy] : kill === 'other' ? ['someone-else'] : [],
            });
            const { decision } = checkOrder(o, s, config);
            expect(decision.ok ? null : decision.code).toBe(want);
          });
        }
      }
    }
  }

  it('a working sell counts against a second reducing sell: together they would flip', () => {
    const s = snapshot({ positions: { AAPL: [10, 100] }, tradingState: 'REDUCING', openOrders: [order({ clientOrderId: 'w', side: -1, qty: 6 })] });
    expect(checkOrder(order({ side: -1, qty: 4 }), s, defaultRiskConfig()).decision.ok).toBe(true);
    expect(checkOrder(order({ side: -1, qty: 5 }), s, defaultRiskConfig()).decision).toMatchObject({ ok: false, code: 'RISK_REDUCING_ONLY' });
  });

  it('fractional quantities that add up to the position still close it', () => {
    const s = snapshot({ positions: { BTC: [0.3, 60_000] }, tradingState: 'REDUCING', openOrders: [order({ clientOrderId: 'w', symbol: 'BTC', side: -1, qty: 0.1 })] });
    expect(checkOrder(order({ symbol: 'BTC', side: -1, qty: 0.2, price: 60_000 }), s, defaultRiskConfig()).decision.ok).toBe(true);
  });
});
