/** A named axis of a grid and the values it takes, in the order given. */
export interface GridAxis<V> {
  name: string;
  values: readonly V[];
}

/** The number of points of a grid (1 for an empty one). */
export function gridSize(axes: readonly GridAxis<unknown>[]): number {
  return axes.reduce((n, a) => n * a.values.length, 1);
}

/**
 * Point `index` of the grid in mixed radix, the first axis varying slowest: for fast=1,2 and
 * slow=3,4 the order is (1,3), (1,4), (2,3), (2,4). The object keeps the axes' order, so the
 * point reads as the axes were given. Sweeps and hyperparameter searches both enumerate this way.
 */
export function gridPoint<V>(axes: readonly GridAxis<V>[], index: number): Record<string, V> {
  const point: Record<string, V> = {};
  let rest = index;
  for (let a = axes.length - 1; a >= 0; a--) {
    const k = axes[a].values.length;
    point[axes[a].name] = axes[a].values[rest % k];
    rest = Math.floor(rest / k);
  }
  return Object.fromEntries(axes.map((a) => [a.name, point[a.name]]));
}
