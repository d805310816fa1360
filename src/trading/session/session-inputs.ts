import { SextantError } from '../../core/errors.js';
import type { Engine } from '../../engine/engine.js';
import type { JournalEvent, TradingControls, TradingStore } from '../../store/trading-store.js';
import type { OrderRequest } from '../../strategy/strategy.js';
import { parseRiskConfig } from '../risk/config.js';
import type { BrokerRoute } from './broker-route.js';
import type { SessionGate } from './session-gate.js';
import type { SessionJournal } from './session-journal.js';

/** A command a person wrote into a session's journal (`sextant orders submit`, `approvals approve`, …). */
export type Command =
  | { command: 'order'; clientOrderId: string; request: OrderRequest }
  | { command: 'approve'; reason: string }
  | { command: 'reject'; reason: string }
  | { command: 'cancel'; reason: string };

/** The controls as the session applies them (what a `control` journal event holds). */
export type AppliedControls = Pick<TradingControls, 'state' | 'killGlobal' | 'killStrategies' | 'flatten' | 'limits' | 'version'> & Partial<Pick<TradingControls, 'disabledStrategies' | 'approvalStrategies'>>;

/**
 * Everything that reaches a running session from outside its feed: control changes, commands
 * from people, lapsed approvals and (through the route) the broker's reports. Each is journaled (with `input` naming it) as it is applied,
 * at the tick it is applied, so a re-run after a restart applies it again at the same point.
 */
export class SessionInputs {
  private controlsVersion = -1;
  private lastPolled = 0;
  private killed = false;
  private firstPoll = true;
  private halted = false;
  /** The broker orders go to, when they leave the kernel (its journaled reports are inputs too). */
  route: BrokerRoute | null = null;

  constructor(
    private readonly store: TradingStore,
    private readonly engine: Engine,
    private readonly gate: SessionGate,
    private readonly journal: SessionJournal,
    private readonly strategy: string,
  ) {
    this.lastPolled = journal.book.lastSeq;
  }

  /** During a re-run: applies again what was applied at this tick. */
  replay(tick: number): void {
    const done = new Set<string>();
    for (const e of this.journal.inputsAt(tick)) {
      if (e.kind === 'control') this.applyControls(e.data as unknown as AppliedControls, false);
      const input = (e.data as { input?: string }).input;
      if (input === 'broker') {
        this.route?.replay(e);
        continue;
      }
      // One input can have written several events (approval: submitted, then accepted); a noop changed nothing.
      if (input === undefined || e.kind === 'noop' || done.has(input)) continue;
      done.add(input);
      if (input.startsWith('command:')) {
        const seq = Number(input.slice(8));
        const cmd = this.journal.book.commands.find((c) => c.seq === seq);
        if (!cmd) throw new SextantError('JOURNAL_INVALID', `journal of session ${this.journal.session}, event ${e.seq}: it applies command ${seq}, which is not in the journal`, { seq: e.seq });
        if (e.kind === 'order' || e.kind === 'state') this.applyCommand(cmd);
      } else if (input === 'lapse' && e.orderId !== null) this.lapse(e.orderId);
    }
  }

  /** After the re-run: picks up control changes, new commands and lapsed approvals. */
  poll(): void {
    if (this.firstPoll) {
      this.firstPoll = false;
      // Commands written while no runner was applying them (the session was stopped, or starting).
      for (const c of this.journal.book.unappliedCommands()) this.applyCommand(c);
    }
    const version = this.store.controlsVersion();
    if (version !== this.controlsVersion) {
      const c = this.store.controls();
      const applied: AppliedControls = { state: c.state, killGlobal: c.killGlobal, killStrategies: c.killStrategies, flatten: c.flatten, limits: c.limits, disabledStrategies: c.disabledStrategies, approvalStrategies: c.approvalStrategies, version: c.version };
      this.applyControls(applied, true);
    }
    const { commands, lastSeq } = this.store.commandsAfter(this.journal.session, this.lastPolled);
    this.lastPolled = lastSeq;
    for (const e of commands) {
      this.journal.book.apply(e);
      if (!this.journal.book.appliedCommands.has(e.seq)) this.applyCommand(e);
    }
    const now = Date.now();
    for (const o of this.journal.book.pending()) if (o.approvalExpiresAt !== null && o.approvalExpiresAt <= now) this.lapse(o.clientOrderId);
  }

  /** Whether orders wait for a person (the replay waits with them). */
  waiting(): boolean {
    return !this.gate.held().next().done;
  }

  private applyControls(c: AppliedControls, record: boolean): void {
    this.controlsVersion = c.version;
    if (record) this.journal.write([{ kind: 'control', orderId: null, actor: 'runner', data: c as unknown as Record<string, unknown> }]);
    const view = this.gate.view;
    view.tradingState = c.state;
    view.killSwitch = { global: c.killGlobal, strategies: new Set(c.killStrategies) };
    // Journals written before schema v7 hold no strategy settings: none were set then.
    view.disabledStrategies = new Set(c.disabledStrategies ?? []);
    view.approvalStrategies = new Set(c.approvalStrategies ?? []);
    this.gate.limits = parseRiskConfig(c.limits ?? {});
    const killed = c.killGlobal || c.killStrategies.includes(this.strategy);
    const halted = c.state === 'HALTED';
    if ((killed && !this.killed) || (halted && !this.halted)) {
      const why = killed ? 'kill switch on' : 'trading halted';
      this.stopOrders(killed ? 'RISK_KILL_SWITCH' : 'RISK_TRADING_HALTED', why);
      if (killed && c.flatten) this.flatten();
    }
    this.killed = killed;
    this.halted = halted;
  }

  /** Cancels every working order and denies every order waiting for approval. */
  private stopOrders(code: string, why: string): void {
    for (const list of this.engine.flow.working) for (const o of [...list]) if (o.status === 'working') this.engine.flow.cancel(o, why);
    for (const o of [...this.gate.held()]) this.gate.decline(o, 'runner', 'denied', code, why);
  }

  private flatten(): void {
    const { ledger, opts } = this.engine;
    for (let s = 0; s < opts.symbols.length; s++) if (ledger.position[s] !== 0) this.engine.closePosition(opts.symbols[s], 'flatten', 'kill switch: flattening');
  }

  private applyCommand(e: JournalEvent): void {
    const cmd = e.data as unknown as Command;
    this.gate.input = `command:${e.seq}`;
    try {
      if (cmd.command === 'order') return this.placeManual(e, cmd.clientOrderId, cmd.request);
      const order = e.orderId === null ? undefined : this.gate.byClientId.get(e.orderId);
      if (cmd.command === 'cancel') {
        if (order && (order.status === 'working' || order.status === 'held')) {
          if (order.status === 'held') this.gate.decline(order, e.actor, 'denied', 'CANCELED_BY_USER', cmd.reason || `cancelled by ${e.actor}`);
          else this.engine.flow.cancel(order, cmd.reason || `cancelled by ${e.actor}`);
        } else this.noop(e, 'the order is not working');
        return;
      }
      if (!order || order.status !== 'held') return this.noop(e, 'the order is no longer waiting for approval');
      if (cmd.command === 'approve') this.gate.approve(order, e.actor, cmd.reason, this.engine.nextFillableBar(order.symbol) + this.engine.opts.latencyBars);
      else this.gate.decline(order, e.actor, 'denied', 'HUMAN_REJECTED', cmd.reason);
    } finally {
      this.gate.input = undefined;
    }
  }

  private placeManual(e: JournalEvent, clientOrderId: string, request: OrderRequest): void {
    if (this.gate.byClientId.has(clientOrderId)) return this.noop(e, `an order ${clientOrderId} exists already`);
    try {
      this.gate.placeAs({ clientOrderId, origin: 'manual', strategy: 'manual', input: `command:${e.seq}`, actor: e.actor }, () => this.engine.submitExternal({ ...request, tag: `manual:${e.actor}` }));
    } catch (err) {
      this.noop(e, (err as Error).message);
    }
  }

  /** Marks a command applied when there was nothing to do, so it is not tried again. */
  private noop(e: JournalEvent, why: string): void {
    this.journal.write([{ kind: 'noop', orderId: null, actor: 'runner', data: { input: `command:${e.seq}`, reason: why } }]);
  }

  private lapse(orderId: string): void {
    const order = this.gate.byClientId.get(orderId);
    const reason = 'nobody decided before the approval window closed';
    if (order && order.status === 'held') {
      this.gate.input = 'lapse';
      try {
        this.gate.decline(order, 'runner', 'expired', 'APPROVAL_EXPIRED', reason);
      } finally {
        this.gate.input = undefined;
      }
      return;
    }
    // The journal has it waiting but this run's kernel does not (it diverged from the journal): close it in the journal too.
    if (this.journal.book.orders.get(orderId)?.state === 'pending-approval') {
      this.journal.differences.push({ orderId, tick: this.journal.tick, journal: 'pending-approval', rerun: order ? order.status : 'no such order' });
      this.journal.write([{ kind: 'state', orderId, actor: 'runner', data: { to: 'expired', code: 'APPROVAL_EXPIRED', reason, input: 'lapse' } }]);
    }
  }
}
