import { Command } from 'commander';
import { SextantError } from '../../core/errors.js';
import type { TradingControls } from '../../store/trading-store.js';
import { changeRiskLimits, controlsJson, setKillSwitch, setTradingState } from '../../trading/ops/controls-ops.js';
import { APPROVAL_MODES, type ApprovalMode, setStrategyApproval, setStrategyEnabled, setStrategyParams, strategyJson } from '../../trading/ops/strategy-ops.js';
import { getStrategy, parseParamAssignment } from '../../strategy/registry.js';
import { parseRiskConfig } from '../../trading/risk/config.js';
import { type CommonOptions, runWith, withCommonOptions } from '../common.js';
import { printJson, printLine } from '../output.js';
import { defaultActor } from './models.js';

interface ControlOptions extends CommonOptions {
  actor?: string;
  reason?: string;
}

function show(c: TradingControls, json: boolean): void {
  if (json) return printJson(controlsJson(c));
  const kill = c.killGlobal ? 'on (all strategies)' : c.killStrategies.length > 0 ? `on for ${c.killStrategies.join(', ')}` : 'off';
  printLine(`trading state ${c.state}; kill switch ${kill}${c.flatten && kill !== 'off' ? ' with flatten' : ''} (version ${c.version})`);
  if (c.disabledStrategies.length > 0 || c.approvalStrategies.length > 0) printLine(`strategies switched off: ${c.disabledStrategies.join(', ') || 'none'}; approval required for: ${c.approvalStrategies.join(', ') || 'none'}`);
  printLine(`risk limits: ${JSON.stringify(parseRiskConfig(c.limits ?? {}))}`);
}

const collect = (v: string, all: string[]) => [...all, v];

/** `sextant controls`: the trading state, kill switches and risk limits every running session obeys; each change is audit-logged. */
export function controlsCommand(): Command {
  const cmd = new Command('controls').description('trading controls for every session: trading state, kill switch, risk limits (changes are audit-logged)');
  const withActor = (c: Command) => withCommonOptions(c.option('--actor <name>', 'who makes the change (default: $SEXTANT_ACTOR or the OS user)').option('--reason <text>', 'why, for the audit log'));

  cmd.addCommand(
    withCommonOptions(new Command('show').description('the current controls')).action(async (o: CommonOptions) => {
      await runWith(o, async (ctx) => show(ctx.openStore().trading().controls(), ctx.json));
    }),
  );

  cmd.addCommand(
    withActor(new Command('state').description('ACTIVE trades normally, REDUCING only lets exposure-reducing orders through, HALTED stops everything new and cancels open orders').argument('<state>', 'active | reducing | halted')).action(async (state: string, o: ControlOptions) => {
      await runWith(o, async (ctx) => {
        show(setTradingState(ctx.openStore().trading(), state, o.actor ?? defaultActor(), o.reason ?? null), ctx.json);
      });
    }),
  );

  cmd.addCommand(
    withActor(
      new Command('kill-switch')
        .description('stop new orders and cancel open ones, for every strategy or one (--strategy); --flatten also closes positions')
        .argument('<on|off>', 'on or off')
        .option('--strategy <name>', 'only this strategy (default: all)')
        .option('--flatten', 'also close every position of the strategies it covers'),
    ).action(async (onOff: string, o: ControlOptions & { strategy?: string; flatten?: boolean }) => {
      await runWith(o, async (ctx) => {
        if (onOff !== 'on' && onOff !== 'off') throw new SextantError('OPTION_INVALID', `kill-switch '${onOff}': expected on or off`, { field: 'kill-switch', value: onOff });
        show(setKillSwitch(ctx.openStore().trading(), { on: onOff === 'on', strategy: o.strategy, flatten: o.flatten }, o.actor ?? defaultActor(), o.reason ?? null), ctx.json);
      });
    }),
  );

  cmd.addCommand(
    withActor(
      new Command('strategy')
        .description("a strategy's settings: --disable stops its new orders (working orders stay), --approval required holds its every order for a person, --param sets the parameters the dashboard launches it with")
        .argument('<name>', 'the strategy')
        .option('--enable', 'switch it on')
        .option('--disable', 'switch it off')
        .option('--approval <mode>', 'session | required')
        .option('--param <name=value>', 'a launch parameter (repeatable; all of them replace the saved ones)', collect, []),
    ).action(async (name: string, o: ControlOptions & { enable?: boolean; disable?: boolean; approval?: string; param: string[] }) => {
      await runWith(o, async (ctx) => {
        if (o.enable && o.disable) throw new SextantError('OPTION_INVALID', '--enable and --disable together: give one', { field: '--enable' });
        if (o.approval !== undefined && !(APPROVAL_MODES as readonly string[]).includes(o.approval)) throw new SextantError('OPTION_INVALID', `--approval '${o.approval}': expected session or required`, { field: '--approval', value: o.approval });
        const trading = ctx.openStore().trading();
        const actor = o.actor ?? defaultActor();
        const reason = o.reason ?? null;
        if (o.enable || o.disable) setStrategyEnabled(trading, name, o.enable === true, actor, reason);
        if (o.approval !== undefined) setStrategyApproval(trading, name, o.approval as ApprovalMode, actor, reason);
        if (o.param.length > 0) setStrategyParams(trading, name, Object.fromEntries(o.param.map(parseParamAssignment)), actor, reason);
        const s = strategyJson(getStrategy(name), trading.controls(), trading.strategyParams());
        if (ctx.json) return printJson(s);
        printLine(`strategy ${s.name}: ${s.enabled ? 'on' : 'off'}, approval ${s.approval_mode}${s.kill_switch ? ', kill switch on' : ''}; launch parameters ${JSON.stringify(s.launch_params)}`);
      });
    }),
  );

  cmd.addCommand(
    withActor(new Command('limits').description('show or change the risk limits (--set field=value, repeatable; null or off turns a limit off; --reset restores the defaults)'))
      .option('--set <field=value>', 'a limit to change, e.g. maxPositionPct=50 or circuitBreaker.consecutiveLosses=3', collect, [])
      .option('--reset', 'back to the documented defaults')
      .action(async (o: ControlOptions & { set: string[]; reset?: boolean }) => {
        await runWith(o, async (ctx) => {
          const trading = ctx.openStore().trading();
          const c = trading.controls();
          if (o.set.length === 0 && !o.reset) return show(c, ctx.json);
          const set = Object.fromEntries(
            o.set.map((a) => {
              const k = a.indexOf('=');
              if (k <= 0) throw new SextantError('OPTION_INVALID', `--set '${a}': expected field=value`, { field: '--set', value: a });
              return [a.slice(0, k).trim(), a.slice(k + 1).trim()];
            }),
          );
          show(changeRiskLimits(trading, { set, reset: o.reset === true }, o.actor ?? defaultActor(), o.reason ?? null).controls, ctx.json);
        });
      }),
  );
  return cmd;
}
