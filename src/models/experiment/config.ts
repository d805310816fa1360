import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { SextantError } from '../../core/errors.js';
import { applyOverride } from './overrides.js';

const dateOrNull = z.union([z.string().min(1), z.number()]).nullable().default(null);

/**
 * An experiment as one YAML file: what data, which features, which label, which model, how it is
 * validated and calibrated. The model and label sections are checked against the schema of their
 * `kind` (see experiment/sections.ts), so an unknown field is an error naming its path.
 */
export const ExperimentConfigSchema = z.strictObject({
  name: z.string().min(1),
  description: z.string().optional(),
  data: z.strictObject({
    symbols: z.array(z.string().min(1)).min(1),
    interval: z.string().min(1),
    /** Bar close-time range of the dataset's rows: an ISO date/time or epoch ms; features warm up on earlier bars. */
    from: dateOrNull,
    to: dateOrNull,
    timezone: z.string().default('UTC'),
  }),
  features: z.array(z.string().min(1)).min(1),
  label: z.looseObject({ kind: z.string() }),
  normalise: z.enum(['none', 'zscore', 'rank']).default('none'),
  model: z.looseObject({ kind: z.enum(['gbdt', 'logistic', 'ridge']) }),
  validation: z
    .strictObject({
      scheme: z.enum(['purged-kfold', 'walk-forward']).default('purged-kfold'),
      folds: z.number().int().min(2).max(50).default(5),
      /** Bars after each test block whose rows may not train (serial correlation). */
      embargo: z.number().int().min(0).default(0),
      /** Walk-forward: expanding or rolling training window; sizes in rows of distinct times (0 = automatic). */
      mode: z.enum(['expanding', 'rolling']).default('expanding'),
      train_size: z.number().int().min(0).default(0),
      test_size: z.number().int().min(0).default(0),
    })
    .prefault({}),
  search: z
    .strictObject({
      mode: z.enum(['grid', 'random']).default('grid'),
      trials: z.number().int().min(1).max(10_000).default(20),
      /** `model.max_depth: [3, 6]`: the values a model parameter takes. */
      space: z.record(z.string().regex(/^model\.[a-z_0-9]+$/, 'a searched parameter is written model.NAME'), z.array(z.union([z.number(), z.string(), z.boolean()])).min(1)),
      /** The validation metric to optimise (auc, logloss, brier, accuracy, ece, rmse, ic, rank_ic). */
      metric: z.string().optional(),
    })
    .optional(),
  calibration: z.enum(['none', 'platt', 'isotonic']).default('platt'),
  seed: z.number().int().default(1),
});

export type ExperimentConfig = z.infer<typeof ExperimentConfigSchema>;

function parseTime(v: string | number | null, field: string): number | null {
  if (v === null || typeof v === 'number') return v;
  const t = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(v) ? `${v}T00:00:00Z` : v);
  if (!Number.isFinite(t)) throw new SextantError('CONFIG_INVALID', `field ${field}: '${v}' is not a date (expected YYYY-MM-DD, an ISO time or epoch ms)`, { field });
  return t;
}

/** The data range as epoch ms (a bare date means the start of that UTC day). */
export function dataRange(cfg: ExperimentConfig): { from: number | null; to: number | null } {
  return { from: parseTime(cfg.data.from, 'data.from'), to: parseTime(cfg.data.to, 'data.to') };
}

/** Validates a parsed document (overrides already applied); the first problem names its field. */
export function parseExperimentConfig(doc: unknown, where = 'experiment'): ExperimentConfig {
  const parsed = ExperimentConfigSchema.safeParse(doc);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue.path.join('.') || '(top level)';
    throw new SextantError('CONFIG_INVALID', `${where}: field ${field}: ${issue.message}`, { file: where, field });
  }
  dataRange(parsed.data);
  return parsed.data;
}

/** YAML text + `--set` overrides → a validated config. */
export function experimentConfigFromYaml(text: string, file: string, overrides: readonly string[] = []): ExperimentConfig {
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (e) {
    throw new SextantError('CONFIG_INVALID', `${file}: not valid YAML: ${(e as Error).message.split('\n')[0]}`, { file });
  }
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) throw new SextantError('CONFIG_INVALID', `${file}: expected a mapping with name, data, features, label and model`, { file });
  for (const o of overrides) applyOverride(doc as Record<string, unknown>, o);
  return parseExperimentConfig(doc, file);
}
