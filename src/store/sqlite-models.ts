import { gunzipSync, gzipSync } from 'node:zlib';
import type Database from 'better-sqlite3';
import { SextantError } from '../core/errors.js';
import type { SerialisedModel, Task } from '../models/model.js';
import { artifactJson, modelId, sha256Hex } from '../models/registry/ids.js';
import { type ModelState, checkReason, checkTransition } from '../models/registry/lifecycle.js';
import type { ExperimentInfo, ExperimentRecord, FoldResult, ModelInfo, ModelListOptions, ModelRecord, ModelTransition, NewModel, SearchTrial } from '../models/registry/records.js';
import * as runs from './sqlite-runs.js';
import type { AuditEntry, RunInfo } from './store.js';

/** Experiments and models on SQLite; `SqliteStore` delegates here to stay small. */

type InsertAudit = (entry: AuditEntry, at: number) => number;

/** JSON has no NaN: metrics store it as null and get it back as NaN (as runs do). */
function metricsFromJson(raw: Record<string, number | null>): Record<string, number> {
  return Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, v === null ? NaN : v]));
}

interface ExperimentRow {
  id: string;
  name: string;
  config_json: string;
  config_hash: string;
  feature_set_hash: string;
  features_json: string;
  data_json: string;
  code_version: string;
  seed: number;
  folds_json: string;
  metrics_json: string;
  search_json: string | null;
  duration_ms: number;
  created_at: number;
}

function experimentInfo(r: ExperimentRow): ExperimentInfo {
  return {
    id: r.id,
    name: r.name,
    config: JSON.parse(r.config_json),
    configHash: r.config_hash,
    featureSetHash: r.feature_set_hash,
    features: JSON.parse(r.features_json),
    data: JSON.parse(r.data_json),
    codeVersion: r.code_version,
    seed: r.seed,
    metrics: metricsFromJson(JSON.parse(r.metrics_json)),
    durationMs: r.duration_ms,
    createdAt: r.created_at,
  };
}

/** The same id again (the same content) replaces the stored results; models referring to it stay. */
export function saveExperiment(db: Database.Database, e: ExperimentRecord): void {
  if (!/^[0-9a-f]{16}$/.test(e.id)) throw new SextantError('OPTION_INVALID', `experiment id '${e.id}': expected 16 hex digits (see experimentId)`, { field: 'id', value: e.id });
  db.prepare(
    `INSERT INTO experiments (id, name, config_json, config_hash, feature_set_hash, features_json, data_json, code_version, seed, folds_json, metrics_json, search_json, duration_ms, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET name = excluded.name, config_json = excluded.config_json, config_hash = excluded.config_hash,
       feature_set_hash = excluded.feature_set_hash, features_json = excluded.features_json, data_json = excluded.data_json,
       code_version = excluded.code_version, seed = excluded.seed, folds_json = excluded.folds_json, metrics_json = excluded.metrics_json,
       search_json = excluded.search_json, duration_ms = excluded.duration_ms, created_at = excluded.created_at`,
  ).run(
    e.id,
    e.name,
    JSON.stringify(e.config),
    e.configHash,
    e.featureSetHash,
    JSON.stringify(e.features),
    JSON.stringify(e.data),
    e.codeVersion,
    e.seed,
    JSON.stringify(e.folds),
    JSON.stringify(e.metrics),
    e.search === null ? null : JSON.stringify(e.search),
    Math.round(e.durationMs),
    e.createdAt,
  );
}

export function getExperiment(db: Database.Database, id: string): ExperimentRecord | null {
  const r = db.prepare('SELECT * FROM experiments WHERE id = ?').get(id) as ExperimentRow | undefined;
  if (!r) return null;
  const folds = (JSON.parse(r.folds_json) as FoldResult[]).map((f) => ({ ...f, metrics: metricsFromJson(f.metrics) }));
  const search = r.search_json === null ? null : (JSON.parse(r.search_json) as SearchTrial[]).map((t) => ({ ...t, metrics: metricsFromJson(t.metrics) }));
  return { ...experimentInfo(r), folds, search };
}

export function listExperiments(db: Database.Database, opts: { name?: string; limit?: number }): ExperimentInfo[] {
  const rows = db
    .prepare('SELECT * FROM experiments WHERE (? IS NULL OR name = ?) ORDER BY created_at DESC, id LIMIT ?')
    .all(opts.name ?? null, opts.name ?? null, opts.limit ?? 50) as ExperimentRow[];
  return rows.map(experimentInfo);
}

interface ModelRow {
  id: string;
  name: string;
  version: number;
  experiment_id: string;
  kind: string;
  task: Task;
  artifact_hash: string;
  calibration_json: string | null;
  metrics_json: string;
  state: ModelState;
  created_at: number;
}

const MODEL_COLUMNS = 'id, name, version, experiment_id, kind, task, artifact_hash, calibration_json, metrics_json, state, created_at';

function modelInfo(r: ModelRow): ModelInfo {
  return {
    id: r.id,
    name: r.name,
    version: r.version,
    experimentId: r.experiment_id,
    kind: r.kind,
    task: r.task,
    artifactHash: r.artifact_hash,
    calibration: r.calibration_json === null ? null : JSON.parse(r.calibration_json),
    metrics: metricsFromJson(JSON.parse(r.metrics_json)),
    state: r.state,
    createdAt: r.created_at,
  };
}

/**
 * The model a full id or a unique id prefix names (ids are lower-case hex), or null when none
 * does; a prefix that matches several is MODEL_ID_AMBIGUOUS.
 */
function resolveModelId(db: Database.Database, idOrPrefix: string): string | null {
  const p = idOrPrefix.toLowerCase();
  if (!/^[0-9a-f]{1,16}$/.test(p)) return null;
  const ids = (db.prepare("SELECT id FROM models WHERE id LIKE ? || '%' ORDER BY id LIMIT 6").all(p) as { id: string }[]).map((r) => r.id);
  if (ids.length > 1) {
    throw new SextantError('MODEL_ID_AMBIGUOUS', `model id prefix '${idOrPrefix}' matches ${ids.length > 5 ? 'more than 5' : ids.length} models (${ids.slice(0, 5).join(', ')}); give more characters`, {
      prefix: idOrPrefix,
      matches: ids.slice(0, 5),
    });
  }
  return ids[0] ?? null;
}

function requireModelRow(db: Database.Database, idOrPrefix: string): ModelRow {
  const id = resolveModelId(db, idOrPrefix);
  const row = id === null ? undefined : (db.prepare(`SELECT ${MODEL_COLUMNS} FROM models WHERE id = ?`).get(id) as ModelRow | undefined);
  if (!row) throw new SextantError('MODEL_NOT_FOUND', `no registered model '${idOrPrefix}': see 'sextant models list'`, { model_id: idOrPrefix });
  return row;
}

function insertTransition(db: Database.Database, insertAudit: InsertAudit, m: ModelRow, from: ModelState | null, to: ModelState, reason: string, actor: string, at: number): ModelTransition {
  const auditId = insertAudit({ actor, action: 'model.transition', subject: m.id, details: { name: m.name, version: m.version, from, to, reason } }, at);
  db.prepare('INSERT INTO model_transitions (model_id, from_state, to_state, reason, actor, at, audit_id) VALUES (?, ?, ?, ?, ?, ?, ?)').run(m.id, from, to, reason, actor, at, auditId);
  return { modelId: m.id, from, to, reason, actor, at, auditId };
}

function checkActor(actor: string): string {
  const a = actor.trim();
  if (a.length === 0) throw new SextantError('OPTION_INVALID', 'actor: expected a non-empty name of who makes the change', { field: 'actor' });
  return a;
}

/**
 * Registers a model as the next version of its name, in state 'candidate' (a transition from
 * null, reason 'trained', audit-logged). The same content again returns the stored model as it is.
 */
export function saveModel(db: Database.Database, m: NewModel, insertAudit: InsertAudit): ModelInfo {
  const name = m.name.trim();
  if (name.length === 0) throw new SextantError('OPTION_INVALID', 'model name: expected a non-empty name', { field: 'name' });
  const actor = checkActor(m.actor);
  // Serialise and compress before taking the write lock.
  const json = artifactJson(m.artifact);
  const hash = sha256Hex(json);
  const blob = gzipSync(json);
  const id = modelId({ ...m, name }, hash);
  return db
    .transaction((): ModelInfo => {
      const existing = db.prepare(`SELECT ${MODEL_COLUMNS} FROM models WHERE id = ?`).get(id) as ModelRow | undefined;
      if (existing) return modelInfo(existing);
      if (!db.prepare('SELECT 1 FROM experiments WHERE id = ?').get(m.experimentId)) {
        throw new SextantError('EXPERIMENT_NOT_FOUND', `model '${name}': no recorded experiment '${m.experimentId}'; save the experiment first`, { experiment_id: m.experimentId });
      }
      checkTransition(null, 'candidate');
      const { v } = db.prepare('SELECT COALESCE(MAX(version), 0) + 1 AS v FROM models WHERE name = ?').get(name) as { v: number };
      const now = Date.now();
      db.prepare(
        `INSERT INTO models (id, name, version, experiment_id, kind, task, artifact, artifact_hash, calibration_json, metrics_json, state, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'candidate', ?)`,
      ).run(id, name, v, m.experimentId, m.artifact.kind, m.artifact.task, blob, hash, m.calibration === null ? null : JSON.stringify(m.calibration), JSON.stringify(m.metrics), now);
      const row = db.prepare(`SELECT ${MODEL_COLUMNS} FROM models WHERE id = ?`).get(id) as ModelRow;
      insertTransition(db, insertAudit, row, null, 'candidate', 'trained', actor, now);
      return modelInfo(row);
    })
    .immediate();
}

export function getModel(db: Database.Database, idOrPrefix: string): ModelRecord | null {
  const id = resolveModelId(db, idOrPrefix);
  if (id === null) return null;
  const r = db.prepare(`SELECT ${MODEL_COLUMNS}, artifact FROM models WHERE id = ?`).get(id) as ModelRow & { artifact: Buffer };
  let artifact: SerialisedModel;
  try {
    const json = gunzipSync(r.artifact).toString('utf8');
    if (sha256Hex(json) !== r.artifact_hash) throw new Error('SHA-256 mismatch');
    artifact = JSON.parse(json) as SerialisedModel;
  } catch (e) {
    throw new SextantError('MODEL_ARTIFACT_CORRUPT', `model ${r.id} (${r.name} v${r.version}): the stored artifact is damaged (${(e as Error).message})`, { model_id: r.id });
  }
  return { ...modelInfo(r), artifact };
}

export function listModels(db: Database.Database, opts: ModelListOptions): ModelInfo[] {
  const rows = db
    .prepare(`SELECT ${MODEL_COLUMNS} FROM models WHERE (? IS NULL OR state = ?) AND (? IS NULL OR name = ?) ORDER BY created_at DESC, name, version DESC LIMIT ?`)
    .all(opts.state ?? null, opts.state ?? null, opts.name ?? null, opts.name ?? null, opts.limit ?? 50) as ModelRow[];
  return rows.map(modelInfo);
}

/** Checks and applies one lifecycle step; the state, the transition and the audit entry are one transaction. */
export function transitionModel(db: Database.Database, idOrPrefix: string, to: ModelState, reason: string, actor: string, insertAudit: InsertAudit): ModelTransition {
  return db
    .transaction((): ModelTransition => {
      const m = requireModelRow(db, idOrPrefix);
      const subject = `model ${m.id} (${m.name} v${m.version})`;
      checkTransition(m.state, to, subject);
      const why = checkReason(reason, subject);
      const who = checkActor(actor);
      const now = Date.now();
      db.prepare('UPDATE models SET state = ? WHERE id = ?').run(to, m.id);
      return insertTransition(db, insertAudit, m, m.state, to, why, who, now);
    })
    .immediate();
}

/** Oldest first. */
export function modelTransitions(db: Database.Database, idOrPrefix: string): ModelTransition[] {
  const m = requireModelRow(db, idOrPrefix);
  const rows = db.prepare('SELECT from_state, to_state, reason, actor, at, audit_id FROM model_transitions WHERE model_id = ? ORDER BY id').all(m.id) as {
    from_state: ModelState | null;
    to_state: ModelState;
    reason: string;
    actor: string;
    at: number;
    audit_id: number;
  }[];
  return rows.map((r) => ({ modelId: m.id, from: r.from_state, to: r.to_state, reason: r.reason, actor: r.actor, at: r.at, auditId: r.audit_id }));
}

/** Records that a run used a model; linking twice is harmless. */
export function linkRunModel(db: Database.Database, runId: string, modelIdOrPrefix: string): void {
  const m = requireModelRow(db, modelIdOrPrefix);
  if (!db.prepare('SELECT 1 FROM runs WHERE id = ?').get(runId)) throw new SextantError('RUN_NOT_FOUND', `no recorded run '${runId}' to link to model ${m.id}`, { run_id: runId });
  db.prepare('INSERT OR IGNORE INTO run_models (run_id, model_id) VALUES (?, ?)').run(runId, m.id);
}

/** The runs that used a model, newest first. */
export function runsOfModel(db: Database.Database, modelIdOrPrefix: string): RunInfo[] {
  const m = requireModelRow(db, modelIdOrPrefix);
  const ids = db
    .prepare('SELECT r.id FROM run_models l JOIN runs r ON r.id = l.run_id WHERE l.model_id = ? ORDER BY r.started_at DESC, r.id')
    .all(m.id) as { id: string }[];
  return ids.map(({ id }) => {
    // getRun also reads trades and series; a model has a handful of runs, so that is cheap enough.
    const { trades: _trades, series: _series, summary: _summary, ...info } = runs.getRun(db, id)!;
    return info;
  });
}
