import { SextantError } from '../core/errors.js';
import { deployModel } from '../models/deploy.js';
import type { StrategyDefinition, StrategyDeps, StrategyParams } from '../strategy/strategy.js';
import type { Store } from '../store/store.js';

/** Loads the registered models a strategy names (ml-signal's `model`), so its run needs no I/O. */
export async function loadStrategyDeps(store: Store, def: StrategyDefinition, params: StrategyParams): Promise<StrategyDeps & { modelIds: string[] }> {
  const models = new Map<string, ReturnType<typeof deployModel>>();
  const modelIds: string[] = [];
  for (const ref of def.models?.(params) ?? []) {
    const record = await store.getModel(ref);
    if (!record) throw new SextantError('MODEL_NOT_FOUND', `strategy ${def.name}: no registered model '${ref}' (see 'sextant models list')`, { model: ref });
    if (record.state === 'retired') throw new SextantError('MODEL_UNSUITABLE', `strategy ${def.name}: model ${record.id} (${record.name} v${record.version}) is retired`, { model: record.id });
    models.set(ref, deployModel(record.id, record.artifact));
    modelIds.push(record.id);
  }
  return { models, modelIds };
}
