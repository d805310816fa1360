import { SextantError } from '../core/errors.js';
import { allFamilies } from './catalog/index.js';
import type { FeatureFamily, Params } from './define.js';
import { FeatureSpecSchema } from './spec.js';

/** One output of one family with concrete parameters: what a feature set lists. */
export interface ResolvedFeature {
  /** Canonical name: output prefix, parameter values, and `@ref` when it has one (`macd_signal_12_26_9`, `corr_20@SPY`). */
  name: string;
  family: FeatureFamily;
  /** Which of the family's outputs. */
  output: number;
  params: Params;
  ref: string | null;
  version: number;
}

/** The families by name and their outputs by prefix, with every spec validated once. */
export class FeatureRegistry {
  readonly families: readonly FeatureFamily[];
  private readonly byOutput = new Map<string, { family: FeatureFamily; output: number }>();

  constructor(families: readonly FeatureFamily[]) {
    for (const f of families) {
      const parsed = FeatureSpecSchema.safeParse(f.spec);
      if (!parsed.success) throw new Error(`feature spec '${f.spec.family}' is invalid: ${parsed.error.message}`);
      f.spec.outputs.forEach((o, i) => {
        if (this.byOutput.has(o)) throw new Error(`feature output '${o}' is defined twice`);
        this.byOutput.set(o, { family: f, output: i });
      });
    }
    this.families = families;
  }

  /** Every output prefix, longest first, so `macd_signal` is tried before `macd`. */
  outputs(): string[] {
    return [...this.byOutput.keys()].sort((a, b) => b.length - a.length || a.localeCompare(b));
  }

  family(name: string): FeatureFamily | undefined {
    return this.families.find((f) => f.spec.family === name);
  }

  /**
   * Parses a feature name: an output prefix, then either every parameter in order or none (the
   * defaults), then `@ref` for features that read another series.
   */
  resolve(text: string): ResolvedFeature {
    const raw = text.trim();
    const at = raw.indexOf('@');
    const body = at < 0 ? raw : raw.slice(0, at);
    const ref = at < 0 ? null : raw.slice(at + 1);
    const tokens = body.split('_');
    let hit: { family: FeatureFamily; output: number } | undefined;
    let split = tokens.length;
    for (; split > 0; split--) {
      hit = this.byOutput.get(tokens.slice(0, split).join('_'));
      if (hit) break;
    }
    if (!hit) {
      throw new SextantError('FEATURE_UNKNOWN', `unknown feature '${raw}': see \`sextant features list\``, { feature: raw });
    }
    const { family, output } = hit;
    const spec = family.spec;
    const prefix = spec.outputs[output];
    const values = tokens.slice(split);
    if (values.length !== 0 && values.length !== spec.params.length) {
      const shape = [prefix, ...spec.params.map((p) => p.name.toUpperCase())].join('_');
      throw new SextantError('FEATURE_PARAM_INVALID', `feature '${raw}' has ${values.length} parameter(s); expected ${spec.params.length}: ${shape}`, {
        feature: raw,
        expected: shape,
      });
    }
    const params: Record<string, number> = {};
    spec.params.forEach((p, i) => {
      const token = values[i];
      const v = token === undefined ? p.default : /^\d+(\.\d+)?$/.test(token) ? Number(token) : NaN;
      const bad =
        Number.isNaN(v) ? 'a number' : p.integer && !Number.isInteger(v) ? 'a whole number' : v < p.min || v > p.max ? `within ${p.min}…${p.max}` : null;
      if (bad) {
        throw new SextantError('FEATURE_PARAM_INVALID', `feature '${raw}': parameter ${p.name} is '${token}', expected ${bad}`, {
          feature: raw,
          param: p.name,
          value: token,
          min: p.min,
          max: p.max,
        });
      }
      params[p.name] = v;
    });
    const problem = family.check?.(params);
    if (problem) throw new SextantError('FEATURE_PARAM_INVALID', `feature '${raw}': ${problem}`, { feature: raw });
    if (spec.ref && !ref) {
      throw new SextantError('FEATURE_REF_MISSING', `feature '${raw}' needs a ${spec.ref === 'symbol' ? 'symbol' : 'series name'} after @, e.g. '${prefix}@${spec.ref === 'symbol' ? 'SPY' : 'cpi_us'}'`, {
        feature: raw,
      });
    }
    if (!spec.ref && ref !== null) {
      throw new SextantError('FEATURE_PARAM_INVALID', `feature '${raw}' reads no other series, so it takes no @ reference`, { feature: raw });
    }
    if (ref !== null && !/^[A-Za-z0-9][A-Za-z0-9._\-/:^=]*$/.test(ref)) {
      throw new SextantError('FEATURE_PARAM_INVALID', `feature '${raw}': '${ref}' is not a valid symbol or series name`, { feature: raw });
    }
    const name = [prefix, ...spec.params.map((p) => String(params[p.name]))].join('_') + (ref ? `@${ref}` : '');
    return { name, family, output, params, ref, version: spec.version };
  }
}

let shared: FeatureRegistry | null = null;

/** The registry of every built-in feature. */
export function registry(): FeatureRegistry {
  shared ??= new FeatureRegistry(allFamilies);
  return shared;
}
