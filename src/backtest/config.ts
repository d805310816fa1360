import { z } from 'zod';
import { FILL_PRICES } from './models/fill-price.js';

export const SIZINGS = ['all-in', 'fixed', 'percent', 'vol-target', 'kelly'] as const;

/**
 * Everything that defines a backtest besides the data. One validated shape for the CLI, sweeps,
 * walk-forward and (later) the API; defaults are the documented ones.
 */
export const BacktestConfigSchema = z.object({
  strategy: z.string().min(1),
  params: z.record(z.string(), z.union([z.number(), z.string(), z.boolean()])).default({}),
  symbols: z.array(z.string().min(1)).min(1),
  interval: z.string(),
  /** Bar close-time range (UTC ms); features still warm up on earlier bars. */
  from: z.number().nullable().default(null),
  to: z.number().nullable().default(null),
  cash: z.number().positive().default(10_000),
  /** Fraction of notional per fill (0.002 = 0.2 %). */
  commission: z.number().min(0).max(0.5).default(0),
  commissionPerShare: z.number().min(0).default(0),
  commissionFixed: z.number().min(0).default(0),
  commissionMin: z.number().min(0).default(0),
  sizing: z.enum(SIZINGS).default('all-in'),
  /** Units for fixed, fraction of equity for percent, annual volatility target for vol-target, the Kelly fraction for kelly. */
  sizingValue: z.number().positive().nullable().default(null),
  /** Most of equity one kelly-sized position may take. */
  kellyCap: z.number().positive().default(0.5),
  slippageBps: z.number().min(0).default(0),
  /** Fraction of the previous bar's range added as slippage. */
  slippageRange: z.number().min(0).default(0),
  /** Most units per bar as a fraction of its volume (null: no cap). */
  participation: z.number().gt(0).max(1).nullable().default(null),
  fill: z.enum(FILL_PRICES).default('next-open'),
  latencyBars: z.number().int().min(0).default(0),
  /** Annual borrow rate on short market value (0.03 = 3 %). */
  borrowRate: z.number().min(0).default(0),
  leverage: z.number().positive().default(1),
  closeAtEnd: z.boolean().default(false),
  seed: z.number().int().default(1),
  /** Random-strategy seeds the run's Sharpe is ranked against. */
  randomSeeds: z.number().int().min(0).max(10_000).default(100),
  timezone: z.string().default('UTC'),
});

export type BacktestConfig = z.infer<typeof BacktestConfigSchema>;
export type BacktestConfigInput = z.input<typeof BacktestConfigSchema>;
