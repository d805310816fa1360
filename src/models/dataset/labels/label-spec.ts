import { z } from 'zod';
import type { BarSeries } from '../../../core/bar-series.js';
import { SextantError } from '../../../core/errors.js';
import type { Task } from '../../model.js';
import { forwardReturnLabels, forwardReturnSpecSchema } from './forward-return.js';
import type { LabelColumns } from './label-columns.js';
import { regimeLabels, regimeSpecSchema } from './regime.js';
import { signLabels, signSpecSchema } from './sign.js';
import { tripleBarrierLabels, tripleBarrierSpecSchema } from './triple-barrier.js';

/** Every label definition, told apart by `kind`. */
export const labelSpecSchema = z.discriminatedUnion('kind', [forwardReturnSpecSchema, signSpecSchema, tripleBarrierSpecSchema, regimeSpecSchema]);
export type LabelSpec = z.infer<typeof labelSpecSchema>;
export type LabelSpecInput = z.input<typeof labelSpecSchema>;

/** Validates a label definition (from a config file or code) and fills in its defaults. */
export function parseLabelSpec(input: unknown): LabelSpec {
  const parsed = labelSpecSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = issue.path.length > 0 ? `label.${issue.path.join('.')}` : 'label';
  throw new SextantError('LABEL_SPEC_INVALID', `${field}: ${issue.message}`, { field, given: input });
}

/** What a model learns from a label: its task and number of classes (0 for regression). */
export function labelTask(spec: LabelSpec): { task: Task; numClasses: number } {
  switch (spec.kind) {
    case 'forward-return':
      return { task: 'regression', numClasses: 0 };
    case 'sign':
      return { task: 'binary', numClasses: 2 };
    case 'triple-barrier':
      return spec.vertical === 'neutral' ? { task: 'multiclass', numClasses: 3 } : { task: 'binary', numClasses: 2 };
    case 'regime':
      return { task: 'multiclass', numClasses: 3 };
  }
}

/** The labels of every bar of a series (NaN where unknown). */
export function computeLabels(bars: BarSeries, spec: LabelSpec): LabelColumns {
  switch (spec.kind) {
    case 'forward-return':
      return forwardReturnLabels(bars, spec);
    case 'sign':
      return signLabels(bars, spec);
    case 'triple-barrier':
      return tripleBarrierLabels(bars, spec);
    case 'regime':
      return regimeLabels(bars, spec);
  }
}
