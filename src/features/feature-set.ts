import { createHash } from 'node:crypto';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { SextantError, isSextantError } from '../core/errors.js';
import { type FeatureRegistry, type ResolvedFeature, registry } from './registry.js';

/**
 * A feature set: an ordered list of features with a content hash. The hash covers each
 * feature's canonical name and version (not the set's label), so two files listing the same
 * features the same way share a hash, and changing a kernel's version changes it. Datasets,
 * models and runs record `lineage()`.
 */
export interface FeatureSet {
  name: string;
  features: ResolvedFeature[];
  hash: string;
}

export interface FeatureLineage {
  featureSetHash: string;
  features: { name: string; version: number }[];
}

const FeatureSetFileSchema = z.strictObject({
  name: z.string().min(1).optional(),
  description: z.string().optional(),
  features: z.array(z.union([z.string().min(1), z.strictObject({ feature: z.string().min(1) })])).min(1),
});

export function featureSetHash(features: readonly ResolvedFeature[]): string {
  const canonical = JSON.stringify(features.map((f) => [f.name, f.version]));
  return createHash('sha256').update(canonical).digest('hex');
}

/** Resolves names (with defaults filled in) into a set; a name listed twice is an error, since columns must be unique. */
export function buildFeatureSet(names: readonly string[], label = 'ad-hoc', reg: FeatureRegistry = registry(), where = ''): FeatureSet {
  const features: ResolvedFeature[] = [];
  const seen = new Map<string, string>();
  names.forEach((raw, i) => {
    let f: ResolvedFeature;
    try {
      f = reg.resolve(raw);
    } catch (e) {
      if (isSextantError(e) && where) throw new SextantError(e.code, `${where}: features[${i}]: ${e.message}`, { ...e.details, index: i });
      throw e;
    }
    const before = seen.get(f.name);
    if (before !== undefined) {
      throw new SextantError('FEATURE_PARAM_INVALID', `${where ? `${where}: ` : ''}'${raw}' is the same feature as '${before}' (${f.name}), listed twice`, { feature: f.name });
    }
    seen.set(f.name, raw);
    features.push(f);
  });
  if (features.length === 0) throw new SextantError('FEATURE_SET_INVALID', `${where || 'the feature list'} names no features`, {});
  return { name: label, features, hash: featureSetHash(features) };
}

/** `sma_20,rsi_14, macd` from the command line. */
export function featureSetFromList(list: string): FeatureSet {
  return buildFeatureSet(list.split(',').map((s) => s.trim()).filter((s) => s.length > 0));
}

/** A YAML file: `name:`, optional `description:`, and `features:` — a list of names (or `{feature: name}`). */
export function featureSetFromYaml(text: string, file: string): FeatureSet {
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (e) {
    throw new SextantError('FEATURE_SET_INVALID', `${file}: not valid YAML: ${(e as Error).message.split('\n')[0]}`, { file });
  }
  const parsed = FeatureSetFileSchema.safeParse(doc);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue.path.join('.') || '(top level)';
    throw new SextantError('FEATURE_SET_INVALID', `${file}: field ${field}: ${issue.message} (expected 'features:' as a list of feature names)`, { file, field });
  }
  const names = parsed.data.features.map((f) => (typeof f === 'string' ? f : f.feature));
  return buildFeatureSet(names, parsed.data.name ?? file, registry(), file);
}

export function lineage(set: FeatureSet): FeatureLineage {
  return { featureSetHash: set.hash, features: set.features.map((f) => ({ name: f.name, version: f.version })) };
}
