import type { LabelSpecInput } from '../dataset/labels/label-spec.js';

/** The label section of a YAML file may use snake_case (`dead_zone`) like the rest of it; label specs are camelCase. */
export function labelInput(section: Record<string, unknown>): LabelSpecInput {
  return Object.fromEntries(Object.entries(section).map(([k, v]) => [k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()), v])) as LabelSpecInput;
}
