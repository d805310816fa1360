import { createInterface } from 'node:readline/promises';
import { SextantError } from '../../core/errors.js';
import type { Store } from '../../store/store.js';
import { AlpacaBroker } from '../../trading/alpaca/alpaca-broker.js';
import { alpacaConfigFromEnv } from '../../trading/alpaca/config.js';
import { parseRiskConfig } from '../../trading/risk/config.js';
import { type PreflightReport, preflight } from '../../trading/session/preflight.js';
import { fixed, printLine } from '../output.js';

const LIVE_WORD = 'LIVE';

export interface BrokerRunOptions {
  live?: boolean;
  confirmLive?: boolean;
  dryRun?: boolean;
}

function printPreflight(r: PreflightReport): void {
  printLine(`${r.live ? 'LIVE' : 'paper'} account at ${r.broker}: status ${r.account.status}, cash ${fixed(r.account.cash)} ${r.account.currency}, equity ${fixed(r.account.equity)}, buying power ${fixed(r.account.buyingPower)}`);
  printLine(`market ${r.clock.isOpen ? 'open' : 'closed'} (next open ${new Date(r.clock.nextOpen).toISOString()}, next close ${new Date(r.clock.nextClose).toISOString()}); ${r.positions.length} positions, ${r.openOrders} open orders`);
  printLine(`risk limits: ${JSON.stringify(r.limits)}`);
  for (const n of r.notes) printLine(`note: ${n}`);
  for (const p of r.problems) printLine(`problem: ${p}`);
}

/**
 * `sextant paper --broker alpaca`: the preflight a person reads before anything is sent, and
 * the live-trading confirmation (`--live` plus a typed LIVE or --confirm-live). The keys come
 * from the environment and are never printed.
 */
export async function alpacaPreflight(store: Store, o: BrokerRunOptions, json: boolean): Promise<PreflightReport> {
  const config = alpacaConfigFromEnv();
  const paperEndpoint = /paper-api\.alpaca\.markets/.test(config.baseUrl);
  const liveEndpoint = /(^|\/\/)api\.alpaca\.markets/.test(config.baseUrl);
  if (o.live && paperEndpoint) throw new SextantError('OPTION_INVALID', `--live with the paper endpoint ${config.baseUrl}: set APCA_API_BASE_URL=https://api.alpaca.markets for a live account`, { field: '--live' });
  if (!o.live && liveEndpoint) throw new SextantError('LIVE_NOT_CONFIRMED', `APCA_API_BASE_URL is Alpaca's live endpoint: real money needs --live and a confirmation`, { field: '--live' });
  const broker = new AlpacaBroker({ config });
  try {
    const report = await preflight(broker, parseRiskConfig(store.trading().controls().limits ?? {}), o.live === true);
    if (!json) printPreflight(report);
    if (report.problems.length > 0) throw new SextantError('OPTION_INVALID', `preflight failed: ${report.problems.join('; ')}`, { problems: report.problems, preflight: report });
    if (o.live && !o.dryRun) {
      try {
        await confirmLive(o.confirmLive === true);
      } catch (e) {
        // With --json the error is the only output: it carries the preflight the person would have read.
        if (e instanceof SextantError) throw new SextantError(e.code, e.message, { ...e.details, preflight: report });
        throw e;
      }
    }
    return report;
  } finally {
    await broker.close();
  }
}

async function confirmLive(flag: boolean): Promise<void> {
  if (flag) return;
  if (!process.stdin.isTTY) throw new SextantError('LIVE_NOT_CONFIRMED', `live trading needs a typed confirmation at a terminal or --confirm-live after reading the preflight`, { field: '--confirm-live' });
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = await rl.question(`This trades real money. Type ${LIVE_WORD} to go on: `);
    if (answer.trim() !== LIVE_WORD) throw new SextantError('LIVE_NOT_CONFIRMED', `live trading not confirmed (typed '${answer.trim()}', expected ${LIVE_WORD})`, {});
  } finally {
    rl.close();
  }
}
