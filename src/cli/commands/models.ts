import { userInfo } from 'node:os';
import { Command } from 'commander';
import { SextantError } from '../../core/errors.js';
import { isoTime } from '../../core/time.js';
import { ACTIONS, MODEL_STATES, type ModelAction, isModelState } from '../../models/registry/lifecycle.js';
import type { ModelInfo, ModelTransition } from '../../models/registry/records.js';
import { KEY_RUN_METRICS, type ModelWhy, loadWhy } from '../../models/registry/why.js';
import { type CommonOptions, runWith, withCommonOptions } from '../common.js';
import { fixed, formatTable, printJson, printLine } from '../output.js';

function infoJson(m: ModelInfo) {
  return {
    model_id: m.id,
    name: m.name,
    version: m.version,
    kind: m.kind,
    task: m.task,
    state: m.state,
    experiment_id: m.experimentId,
    artifact_hash: m.artifactHash,
    calibrated: m.calibration !== null,
    metrics: m.metrics,
    created_at: isoTime(m.createdAt),
  };
}

function transitionJson(t: ModelTransition) {
  return { from: t.from, to: t.to, reason: t.reason, actor: t.actor, at: isoTime(t.at), audit_id: t.auditId };
}

/** A few metrics inline, `auc=0.5531 logloss=0.6902`. */
function metricsInline(metrics: Record<string, number | string>, max = 3): string {
  return Object.entries(metrics)
    .slice(0, max)
    .map(([k, v]) => `${k}=${fixed(v, 4)}`)
    .join(' ');
}

function listCommand(): Command {
  const cmd = new Command('list')
    .description('registered models, newest first')
    .option('--state <state>', `only models in this state: ${MODEL_STATES.join(', ')}`)
    .option('--name <name>', 'only versions of this model name')
    .option('--limit <n>', 'how many', '20');
  return withCommonOptions(cmd).action(async (o: CommonOptions & { state?: string; name?: string; limit: string }) => {
    await runWith(o, async (ctx) => {
      const limit = Number(o.limit);
      if (!Number.isInteger(limit) || limit < 1) throw new SextantError('OPTION_INVALID', `--limit '${o.limit}': expected a whole number ≥ 1`, { field: '--limit', value: o.limit });
      if (o.state !== undefined && !isModelState(o.state)) throw new SextantError('OPTION_INVALID', `--state '${o.state}': expected one of ${MODEL_STATES.join(', ')}`, { field: '--state', value: o.state });
      const models = await ctx.openStore().listModels({ state: o.state, name: o.name, limit });
      if (ctx.json) return printJson(models.map(infoJson));
      if (models.length === 0) return printLine("no models registered yet: see 'sextant train --help'");
      printLine(
        formatTable(
          ['model', 'name', 'version', 'kind', 'task', 'state', 'metrics', 'created'],
          models.map((m) => [m.id, m.name, m.version, m.kind, m.task, m.state, metricsInline(m.metrics), isoTime(m.createdAt)]),
        ),
      );
    });
  });
}

function showCommand(): Command {
  const cmd = new Command('show')
    .description('one model: version, state, experiment, metrics, features and lifecycle')
    .argument('<model-id>', 'the model id or a unique prefix of it')
    .option('--artifact', 'with --json, include the whole serialised model');
  return withCommonOptions(cmd).action(async (id: string, o: CommonOptions & { artifact?: boolean }) => {
    await runWith(o, async (ctx) => {
      const store = ctx.openStore();
      const m = await store.getModel(id);
      if (!m) throw new SextantError('MODEL_NOT_FOUND', `no registered model '${id}': see 'sextant models list'`, { model_id: id });
      const transitions = await store.modelTransitions(m.id);
      if (ctx.json) {
        return printJson({ ...infoJson(m), calibration: m.calibration, features: m.artifact.featureNames, transitions: transitions.map(transitionJson), ...(o.artifact ? { artifact: m.artifact } : {}) });
      }
      printLine(`model ${m.id} — ${m.name} v${m.version} (${m.kind}, ${m.task}) — ${m.state}`);
      printLine(`experiment ${m.experimentId}  artifact sha256 ${m.artifactHash.slice(0, 16)}…  calibrated ${m.calibration ? 'yes' : 'no'}  created ${isoTime(m.createdAt)}`);
      printLine(`features (${m.artifact.featureNames.length}): ${m.artifact.featureNames.join(', ')}`);
      printLine();
      printLine(formatTable(['metric', 'value'], Object.entries(m.metrics).map(([k, v]) => [k, fixed(v, 4)])));
      printLine();
      printLine(formatTable(['at', 'from', 'to', 'actor', 'reason'], transitions.map((t) => [isoTime(t.at), t.from ?? '(new)', t.to, t.actor, t.reason])));
      printLine();
      printLine(`'sextant models why ${m.id}' shows its experiment, validation and backtests`);
    });
  });
}

/** Who is acting: --actor, else $SEXTANT_ACTOR, else the OS user name. */
export function defaultActor(): string {
  if (process.env.SEXTANT_ACTOR) return process.env.SEXTANT_ACTOR;
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}

const ACTION_TEXT: Record<ModelAction, string> = {
  promote: 'make the model active (from candidate or paused)',
  pause: 'stop an active model trading for now',
  retire: 'retire the model for good (final)',
};

function transitionCommand(action: ModelAction): Command {
  const cmd = new Command(action)
    .description(ACTION_TEXT[action])
    .argument('<model-id>', 'the model id or a unique prefix of it')
    .requiredOption('--reason <text>', 'why (kept in the audit log)')
    .option('--actor <name>', 'who is doing it (default: $SEXTANT_ACTOR, else the OS user name)');
  return withCommonOptions(cmd).action(async (id: string, o: CommonOptions & { reason: string; actor?: string }) => {
    await runWith(o, async (ctx) => {
      const store = ctx.openStore();
      const t = await store.transitionModel(id, ACTIONS[action], o.reason, o.actor ?? defaultActor());
      const m = (await store.getModel(t.modelId))!;
      if (ctx.json) return printJson({ model_id: m.id, name: m.name, version: m.version, state: m.state, ...transitionJson(t) });
      printLine(`model ${m.id} (${m.name} v${m.version}): ${t.from} → ${t.to} by ${t.actor} at ${isoTime(t.at)}: ${t.reason}`);
    });
  });
}

function whyText(w: ModelWhy): void {
  const { model: m, experiment: e, validation: v } = w;
  printLine(`model ${m.id} — ${m.name} v${m.version} (${m.kind}, ${m.task}) — ${m.state}; created ${m.created_at}, calibrated ${m.calibrated ? 'yes' : 'no'}`);
  printLine(
    m.state === 'active' && w.promoted
      ? `deployed: promoted by ${w.promoted.by} at ${w.promoted.at}: ${w.promoted.reason}`
      : w.promoted
        ? `last promoted by ${w.promoted.by} at ${w.promoted.at}: ${w.promoted.reason}`
        : 'never promoted',
  );
  printLine();
  printLine(`experiment ${e.id} '${e.name}', trained ${e.created_at} in ${fixed(e.duration_ms / 1000, 1)} s`);
  printLine(`  data      ${e.data.symbols.join(',')} ${e.data.interval} ${e.data.from} → ${e.data.to}, data hash ${e.data.data_hash}`);
  printLine(`  features  ${e.features.map((f) => `${f.name} v${f.version}`).join(', ')}`);
  printLine(`            feature-set hash ${e.feature_set_hash}`);
  printLine(`  code ${e.code_version}  seed ${e.seed}  config hash ${e.config_hash}`);
  printLine();
  const names = [...new Set([...v.folds.flatMap((f) => Object.keys(f.metrics)), ...Object.keys(v.metrics)])];
  printLine(`validation: ${v.folds.length} folds, ${v.search_trials} search trials`);
  printLine(formatTable(['fold', ...names], [...v.folds.map((f) => [String(f.fold), ...names.map((n) => fixed(f.metrics[n], 4))]), ['all', ...names.map((n) => fixed(v.metrics[n], 4))]]));
  printLine();
  if (w.backtests.length === 0) printLine('backtests: none recorded with this model');
  else {
    printLine(`backtests (${w.backtests.length}):`);
    printLine(formatTable(['run', 'kind', 'strategy', ...KEY_RUN_METRICS, 'at'], w.backtests.map((r) => [r.run_id, r.kind, r.strategy, ...KEY_RUN_METRICS.map((k) => fixed(r.metrics[k], k === 'num_trades' ? 0 : 3)), r.started_at])));
  }
  printLine();
  printLine('transitions:');
  printLine(formatTable(['at', 'from', 'to', 'actor', 'reason'], w.transitions.map((t) => [t.at, t.from ?? '(new)', t.to, t.actor, t.reason])));
}

function whyCommand(): Command {
  const cmd = new Command('why')
    .description('why was this model deployed? its experiment, validation, backtests and who promoted it when')
    .argument('<model-id>', 'the model id or a unique prefix of it');
  return withCommonOptions(cmd).action(async (id: string, o: CommonOptions) => {
    await runWith(o, async (ctx) => {
      const why = await loadWhy(ctx.openStore(), id);
      if (ctx.json) return printJson(why);
      whyText(why);
    });
  });
}

export function modelsCommand(): Command {
  const cmd = new Command('models').description('the model registry: list, show, promote, pause, retire, why').addCommand(listCommand()).addCommand(showCommand());
  for (const action of Object.keys(ACTIONS) as ModelAction[]) cmd.addCommand(transitionCommand(action));
  return cmd.addCommand(whyCommand());
}
