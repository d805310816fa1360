/**
 * How the registry names a model's metrics: `<group>_<metric>` as `sextant train` flattens its
 * validation summary (`mean_auc`, `std_auc`, `pooled_auc`, `calibrated_ece`), or a plain name.
 */
export const GROUPS = ['mean', 'std', 'pooled', 'calibrated'] as const;
export type Group = (typeof GROUPS)[number];

export const GROUP_LABEL: Record<Group, string> = {
  mean: 'mean over folds',
  std: 'std over folds',
  pooled: 'pooled out-of-fold',
  calibrated: 'after calibration',
};

const LABEL: Record<string, string> = {
  auc: 'AUC',
  logLoss: 'Log loss',
  brier: 'Brier',
  accuracy: 'Accuracy',
  ece: 'ECE',
  rmse: 'RMSE',
  ic: 'IC',
  rankIc: 'Rank IC',
  rows: 'Rows',
};

/** The metrics the list shows, in this order, when a model has them. */
const HEADLINE = ['auc', 'logLoss', 'brier', 'accuracy', 'rmse', 'ic', 'rankIc'];

export function splitKey(key: string): { group: Group | null; base: string } {
  const cut = key.indexOf('_');
  const group = key.slice(0, cut);
  if (cut > 0 && (GROUPS as readonly string[]).includes(group)) return { group: group as Group, base: key.slice(cut + 1) };
  return { group: null, base: key };
}

export function baseLabel(base: string): string {
  return LABEL[base] ?? base.replace(/_/g, ' ');
}

/** The key that holds a model's headline value of `base`: the mean over folds, else the plain value. */
export function headlineKey(metrics: Record<string, unknown>, base: string): string | null {
  if (`mean_${base}` in metrics) return `mean_${base}`;
  return base in metrics ? base : null;
}

/** The headline metrics any of these models has, at most `max`. */
export function headlineBases(models: readonly { metrics: Record<string, unknown> }[], max = 4): string[] {
  return HEADLINE.filter((b) => models.some((m) => headlineKey(m.metrics, b) !== null)).slice(0, max);
}

/** The metrics as a grid: one row per metric, one column per group (null: a plain value). */
export function metricGrid(metrics: Record<string, unknown>): { bases: string[]; groups: (Group | null)[] } {
  const bases: string[] = [];
  const seen = new Set<Group | null>();
  for (const key of Object.keys(metrics)) {
    const { group, base } = splitKey(key);
    if (!bases.includes(base)) bases.push(base);
    seen.add(group);
  }
  const known = [...HEADLINE, 'ece'];
  const order = (b: string) => (known.includes(b) ? known.indexOf(b) : known.length);
  return { bases: bases.sort((a, b) => order(a) - order(b)), groups: [...GROUPS.filter((g) => seen.has(g)), ...(seen.has(null) ? [null] : [])] };
}
