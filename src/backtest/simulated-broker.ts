import type { BarColumns } from '../core/bar-series.js';
import type { Broker, Fill } from '../engine/broker.js';
import type { Order } from '../engine/order.js';
import { type BorrowModel, noBorrow } from './models/borrow.js';
import type { CommissionModel } from './models/commission.js';
import type { FillPriceModel } from './models/fill-price.js';
import type { LiquidityModel } from './models/liquidity.js';
import type { SlippageModel } from './models/slippage.js';

export interface SimulationModels {
  fillPrice: FillPriceModel;
  slippage: SlippageModel;
  commission: CommissionModel;
  liquidity: LiquidityModel;
  borrow: BorrowModel;
}

/** Price at which a limit order fills on a bar, or NaN: the open when the bar gaps through the limit, else the limit itself, never better. */
function limitFill(side: 1 | -1, limit: number, open: number, high: number, low: number): number {
  if (side === 1) return open <= limit ? open : low <= limit ? limit : NaN;
  return open >= limit ? open : high >= limit ? limit : NaN;
}

/** Price at which a stop triggers on a bar, or NaN: the open when the bar gaps through the stop, else the stop. */
function stopTrigger(side: 1 | -1, stop: number, open: number, high: number, low: number): number {
  if (side === 1) return open >= stop ? open : high >= stop ? stop : NaN;
  return open <= stop ? open : low <= stop ? stop : NaN;
}

/**
 * Matches orders against historical bars. Market orders fill at the fill-price model's price
 * plus slippage; limits fill only where touched and at the limit (or the open on a gap), with no
 * slippage; stops become market orders at the trigger (or the open on a gap) plus slippage.
 * A stop-limit triggered inside a bar fills at once only when its stop is within its limit;
 * otherwise it works as a limit from the next bar, because the path inside a bar is unknown.
 */
export class SimulatedBroker implements Broker {
  readonly chargesCarry: boolean;

  constructor(
    private readonly bars: readonly BarColumns[],
    private readonly lotSizes: readonly number[],
    private readonly models: SimulationModels,
  ) {
    this.chargesCarry = models.borrow !== noBorrow;
  }

  marketPrice(symbol: number, bar: number, side: 1 | -1): number {
    const b = this.bars[symbol];
    return this.models.slippage(this.models.fillPrice(b, bar), side, b, bar);
  }

  closePrice(symbol: number, bar: number, side: 1 | -1): number {
    const b = this.bars[symbol];
    return this.models.slippage(b.close[bar], side, b, bar);
  }

  fee(qty: number, price: number): number {
    return this.models.commission(qty, price);
  }

  carry(symbol: number, bar: number, position: number): number {
    return position < 0 ? this.models.borrow(-position * this.bars[symbol].close[bar]) : 0;
  }

  match(o: Order, bar: number, out: Fill): boolean {
    const b = this.bars[o.symbol];
    const open = b.open[bar];
    const high = b.high[bar];
    const low = b.low[bar];
    let price = NaN;
    switch (o.type) {
      case 'market':
        price = this.marketPrice(o.symbol, bar, o.side);
        break;
      case 'limit':
        price = limitFill(o.side, o.limit, open, high, low);
        break;
      case 'stop': {
        const trigger = stopTrigger(o.side, o.stop, open, high, low);
        if (!Number.isNaN(trigger)) price = this.models.slippage(trigger, o.side, b, bar);
        break;
      }
      case 'stop-limit': {
        if (o.triggered) {
          price = limitFill(o.side, o.limit, open, high, low);
          break;
        }
        const trigger = stopTrigger(o.side, o.stop, open, high, low);
        if (Number.isNaN(trigger)) break;
        o.triggered = true;
        if (trigger === open) price = limitFill(o.side, o.limit, open, high, low);
        else if (o.side * (o.limit - o.stop) >= 0) price = o.stop;
        break;
      }
    }
    if (Number.isNaN(price)) return false;
    const lot = this.lotSizes[o.symbol];
    const available = this.models.liquidity(b, bar);
    const qty = o.remaining <= available ? o.remaining : Math.floor(available / lot) * lot;
    if (!(qty > 0)) return false;
    out.qty = qty;
    out.price = price;
    out.fee = this.models.commission(qty, price);
    return true;
  }
}
