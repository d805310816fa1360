import { z } from 'zod';

/** The bar columns a feature can read; `ref` is another series aligned as-of (a symbol or an alternative series). */
export const INPUT_NAMES = ['time', 'open', 'high', 'low', 'close', 'volume', 'ref'] as const;
export type InputName = (typeof INPUT_NAMES)[number];

export const CATEGORIES = [
  'moving-average',
  'momentum',
  'trend',
  'volatility',
  'volume',
  'statistics',
  'regime',
  'calendar',
  'cross-asset',
  'alternative',
] as const;
export type Category = (typeof CATEGORIES)[number];

const SNAKE = /^[a-z][a-z0-9]*(_[a-z][a-z0-9]*)*$/;

export const ParamSpecSchema = z
  .object({
    name: z.string().regex(/^[a-z]+$/, 'lower-case letters only'),
    description: z.string().min(3),
    min: z.number(),
    max: z.number(),
    integer: z.boolean(),
    default: z.number(),
  })
  .refine((p) => p.min <= p.default && p.default <= p.max, { message: 'default must lie within [min, max]' })
  .refine((p) => !p.integer || (Number.isInteger(p.min) && Number.isInteger(p.max) && Number.isInteger(p.default)), {
    message: 'an integer parameter needs integer min, max and default',
  });
export type ParamSpec = z.infer<typeof ParamSpecSchema>;

/**
 * What a feature family is, as data: validated when the registry is built, printed by
 * `features list`, turned into `docs/features.md`. A family computes one or more outputs
 * (MACD: `macd`, `macd_signal`, `macd_hist`); an output's name is its prefix followed by the
 * parameter values in order, joined by `_` (`macd_signal_12_26_9`).
 */
export const FeatureSpecSchema = z
  .object({
    family: z.string().regex(SNAKE),
    outputs: z.array(z.string().regex(SNAKE)).min(1),
    params: z.array(ParamSpecSchema),
    inputs: z.array(z.enum(INPUT_NAMES)).min(1),
    category: z.enum(CATEGORIES),
    /** Bumped whenever the values a feature computes change; recorded in every lineage. */
    version: z.number().int().positive(),
    /** What it computes and by which convention (the formula, the seeding, the edge cases). */
    description: z.string().min(40),
    /** The warm-up (number of leading NaN values on clean data) per output, as a formula in the parameters. */
    warmup: z.string().min(1),
    /** For features with a `ref` input: what the reference after `@` names. */
    ref: z.enum(['symbol', 'alt']).optional(),
  })
  .refine((s) => s.inputs.includes('ref') === (s.ref !== undefined), { message: 'a feature reads ref exactly when it declares what ref names' })
  .refine((s) => new Set(s.params.map((p) => p.name)).size === s.params.length, { message: 'parameter names must be distinct' });
export type FeatureSpec = z.infer<typeof FeatureSpecSchema>;
