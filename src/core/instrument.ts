import { z } from 'zod';
import { SextantError } from './errors.js';

export const ASSET_CLASSES = ['equity', 'crypto', 'forex', 'future'] as const;
export type AssetClass = (typeof ASSET_CLASSES)[number];

/** A tradable thing. Tick and lot sizes are the smallest price and quantity steps. */
export const InstrumentSchema = z.object({
  symbol: z
    .string()
    .min(1)
    .max(32)
    .regex(/^[A-Za-z0-9][A-Za-z0-9._\-/:^=]*$/, 'letters, digits and . _ - / : ^ = only'),
  assetClass: z.enum(ASSET_CLASSES),
  quoteCurrency: z.string().regex(/^[A-Z]{3,5}$/, 'an upper-case currency code such as USD'),
  tickSize: z.number().positive(),
  lotSize: z.number().positive(),
});

export type Instrument = z.infer<typeof InstrumentSchema>;

export function parseAssetClass(s: string): AssetClass {
  if ((ASSET_CLASSES as readonly string[]).includes(s)) return s as AssetClass;
  throw new SextantError('ASSET_CLASS_UNKNOWN', `unknown asset class '${s}': expected one of ${ASSET_CLASSES.join(', ')}`, {
    value: s,
    expected: ASSET_CLASSES,
  });
}

/** Defaults used when a symbol is first seen and the user gave no details. */
export function defaultInstrument(symbol: string, assetClass: AssetClass): Instrument {
  const lotSize = assetClass === 'crypto' ? 1e-8 : 1;
  const tickSize = assetClass === 'forex' ? 1e-5 : 0.01;
  const instrument = { symbol, assetClass, quoteCurrency: 'USD', tickSize, lotSize };
  const parsed = InstrumentSchema.safeParse(instrument);
  if (!parsed.success) {
    throw new SextantError('OPTION_INVALID', `invalid symbol '${symbol}': expected 1–32 characters, ${parsed.error.issues[0]?.message}`, {
      field: 'symbol',
      value: symbol,
    });
  }
  return parsed.data;
}
