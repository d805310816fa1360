import { createHash } from 'node:crypto';
import type { ExperimentRecord, NewModel } from './records.js';

/**
 * Registry ids are named by content, like run ids: the same experiment (config, features, data,
 * code, seed) gets the same id, and so does the same model, so retraining deterministically
 * finds what is already stored instead of piling up copies. 16 hex digits.
 */

function hex16(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 16);
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export type ExperimentIdentity = Pick<ExperimentRecord, 'name' | 'configHash' | 'featureSetHash' | 'features' | 'data' | 'codeVersion' | 'seed'>;

/** Fields in a fixed order, so the id does not depend on how the caller built its objects. */
export function experimentId(e: ExperimentIdentity): string {
  const d = e.data;
  return hex16([
    'experiment',
    e.name,
    e.configHash,
    e.featureSetHash,
    e.features.map((f) => [f.name, f.version]),
    [d.symbols, d.interval, d.from, d.to, d.dataHash],
    e.codeVersion,
    e.seed,
  ]);
}

/** The artifact as stored: its JSON text (hashed, then gzipped). */
export function artifactJson(artifact: NewModel['artifact']): string {
  return JSON.stringify(artifact);
}

export function modelId(m: Pick<NewModel, 'name' | 'experimentId' | 'calibration'>, artifactHash: string): string {
  return hex16(['model', m.name, m.experimentId, artifactHash, m.calibration]);
}
