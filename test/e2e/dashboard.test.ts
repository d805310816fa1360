/**
 * The dashboard end to end (issue 7): the built web app served by a real API server over a real
 * SQLite store with GOOG daily bars, a paper session holding its orders for approval in another
 * process, and Debian's chromium driven by playwright-core. What the browser shows is checked
 * against what the API (asked directly by the test) says. Screenshots go to test/e2e/artifacts/.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { type RunningApi, startApiServer } from '../../src/api/server.js';
import { experimentConfigFromYaml } from '../../src/models/experiment/config.js';
import { trainExperiment } from '../../src/research/train.js';
import { ROOT } from '../helpers/cli.js';
import { type Child, goodStore, killChildrenAfterAll, signal, smaArgs, spawnSextant, waitUntil } from '../trading/session/session-helpers.js';
import { apiGet, buildWebIfStale, CHROMIUM, createKeys, hasChromium, type Keys, login, openPage, screenshot, WEB_DIST } from './harness.js';

if (!hasChromium) console.warn(`[e2e] ${CHROMIUM} is absent: skipping the dashboard tests (apt-get install chromium; .ci/run installs it)`);

killChildrenAfterAll();

const SESSION = 'e2e';
const PAGES = [
  { id: 'overview', heading: 'Overview' },
  { id: 'backtests', heading: 'Backtests' },
  { id: 'strategies', heading: 'Strategies' },
  { id: 'models', heading: 'Models' },
  { id: 'trading', heading: 'Trading' },
  { id: 'approvals', heading: 'Approvals' },
  { id: 'controls', heading: 'Controls' },
  { id: 'health', heading: 'Health' },
  { id: 'help', heading: 'Help: glossary' },
];

let server: RunningApi;
let keys: Keys;
let browser: Browser;
let page: Page;
let errors: string[];
let paper: Child;
const get = <T = any>(path: string) => apiGet<T>(server.url, keys.admin.key, path);

/** Goes to a page through the navigation and waits for its heading. */
async function open(id: string, heading: string): Promise<void> {
  await page.getByTestId(`nav-${id}`).click();
  await expect.poll(() => page.getByTestId(`page-${id}`).locator('h1').textContent()).toBe(heading);
}

const FINAL = new Set(['filled', 'canceled', 'rejected', 'expired', 'denied']);

/** An order of the session once it can change no more, as the API reports it. */
const finalState = (id: string) =>
  waitUntil(`order ${id} to reach a final state`, async () => {
    const o = (await get<any[]>(`/orders?session=${SESSION}&limit=1000`)).find((x) => x.client_order_id === id);
    return o && FINAL.has(o.state) ? o : null;
  });

/** Parses a number as the dashboard prints it (`1,234.56 %`). */
const shownNumber = (text: string | null) => Number((text ?? '').replace(/[,%\s]/g, ''));

describe.skipIf(!hasChromium)('dashboard in a real browser', () => {
  beforeAll(async () => {
    buildWebIfStale();
    const db = goodStore(undefined, 'e2e.db');
    keys = await createKeys(db);
    server = await startApiServer({ dbPath: db, port: 0, host: '127.0.0.1', webRoot: WEB_DIST, pollMs: 100 });
    paper = spawnSextant(db, ['paper', ...smaArgs(10, 30, ['--from', '2005-01-01', '--to', '2006-12-31']), '--session', SESSION, '--speed', 'max', '--approval', 'required', '--approval-ttl', '600']);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    ({ page, errors } = await openPage(browser));
    await waitUntil('the paper session to hold an order for approval', async () => {
      if (paper.proc.exitCode !== null) throw new Error(`the paper session exited early:\n${(await paper.done).stderr}`);
      return (await get<unknown[]>('/approvals')).length > 0;
    }, 40_000);
  }, 60_000);

  // Each test answers for the console errors made while it ran.
  beforeEach(() => {
    if (errors) errors.length = 0;
  });

  afterAll(async () => {
    if (paper) signal(paper, 'SIGKILL');
    await browser?.close();
    await server?.close();
  });

  test('a wrong key is refused; a good one signs in and shows its role', async () => {
    await page.goto(`${server.url}/`);
    await screenshot(page, 'login');
    await page.getByTestId('login-key').fill(`${keys.admin.key}x`);
    await page.getByTestId('login-submit').click();
    await expect.poll(() => page.getByTestId('login-error').textContent()).toContain('refused');
    expect(await page.getByTestId('role').count()).toBe(0);
    // The refused key made the browser log a 401; that is the point of this step, not an error of the app.
    errors.length = 0;

    await page.getByTestId('login-key').fill(keys.admin.key);
    await page.getByTestId('login-submit').click();
    await expect.poll(() => page.getByTestId('role').textContent()).toBe('admin');
    await expect.poll(() => page.getByTestId('live-status').textContent()).toContain('live');
    // Kept for the browser session only.
    expect(await page.evaluate(() => [sessionStorage.getItem('sextant.apiKey'), localStorage.getItem('sextant.apiKey')])).toEqual([keys.admin.key, null]);
  });

  test('every page opens with its heading and no console error', async () => {
    for (const p of PAGES) {
      await open(p.id, p.heading);
      await page.waitForLoadState('networkidle');
      await screenshot(page, p.id);
      expect(errors, p.id).toEqual([]);
    }
  });

  test('the Help page lists the glossary, and a metric’s ⓘ carries its definition', async () => {
    const glossary = await get<{ key: string; definition: string }[]>('/glossary');
    await open('help', 'Help: glossary');
    await expect.poll(() => page.getByTestId('glossary').locator('tbody tr').count()).toBe(glossary.length);
    const sharpe = glossary.find((g) => g.key === 'sharpe')!;
    await open('backtests', 'Backtests');
    await expect.poll(() => page.getByTestId('info-sharpe').first().getAttribute('title')).toBe(sharpe.definition);
  });

  test('a viewer sees actions above its role disabled, with the reason as a tooltip', async () => {
    const v = await openPage(browser);
    try {
      await login(v.page, server.url, keys.viewer.key);
      await v.page.goto(`${server.url}/#/controls`);
      const toggle = v.page.getByTestId('kill-switch-toggle');
      await toggle.waitFor();
      expect(await toggle.isDisabled()).toBe(true);
      expect(await toggle.getAttribute('title')).toBe("your key's role (viewer) cannot do this: it needs admin");
      await v.page.goto(`${server.url}/#/approvals`);
      const approve = v.page.locator('[data-testid^="approve-"]').first();
      await approve.waitFor();
      expect(await approve.isDisabled()).toBe(true);
      expect(await approve.getAttribute('title')).toContain("your key's role (viewer) cannot do this");
      await screenshot(v.page, 'controls-viewer');
      expect(v.errors).toEqual([]);
    } finally {
      await v.context.close();
    }
  });

  test('a key revoked while in use sends the browser back to the login', async () => {
    const t = await openPage(browser);
    try {
      await login(t.page, server.url, keys.trader.key);
      expect(await t.page.getByTestId('role').textContent()).toBe('trader');
      const res = await fetch(`${server.url}/api/v1/keys/${keys.trader.id}`, { method: 'DELETE', headers: { authorization: `Bearer ${keys.admin.key}` } });
      expect(res.status).toBe(200);
      // The page's own polling may get its 401 first and leave before the click (CI saw the link detached):
      // either way the login must come back.
      await t.page
        .getByTestId('nav-trading')
        .click({ timeout: 3000 })
        .catch(() => undefined);
      await t.page.getByTestId('page-login').waitFor();
      expect(await t.page.evaluate(() => sessionStorage.getItem('sextant.apiKey'))).toBeNull();
    } finally {
      await t.context.close();
    }
  });

  test('launching a backtest shows its progress to the end and the recorded run', async () => {
    await open('backtests', 'Backtests');
    await page.getByTestId('new-backtest').click();
    await page.getByTestId('launch-strategy').selectOption('sma-cross');
    await page.getByTestId('launch-param-fast').fill('10');
    await page.getByTestId('launch-param-slow').fill('30');
    // Enough random baselines (about a second of work) for progress events to arrive on the way.
    await page.getByTestId('launch-seeds').fill('2000');
    await page.getByTestId('launch-commission').fill('0.1');
    await page.getByTestId('launch-submit').click();

    // Every value the bar shows until the job has finished, sampled in the page.
    await page.getByTestId('job-progress').waitFor();
    const seen = await page.evaluate(async () => {
      const values: number[] = [];
      const end = Date.now() + 30_000;
      for (;;) {
        const bar = document.querySelector('[data-testid="job-progress-bar"]');
        const state = document.querySelector('[data-testid="job-progress"]')?.getAttribute('data-state');
        values.push(Number(bar?.getAttribute('aria-valuenow')));
        if (state === 'succeeded' || state === 'failed' || Date.now() > end) return { values, state };
        await new Promise((r) => setTimeout(r, 15));
      }
    });
    expect(seen.state).toBe('succeeded');
    expect(seen.values.at(-1)).toBe(100);
    expect(seen.values.some((v) => v > 0 && v < 100)).toBe(true);
    for (let i = 1; i < seen.values.length; i++) expect(seen.values[i]).toBeGreaterThanOrEqual(seen.values[i - 1]);

    const link = page.getByTestId('job-run-link');
    const runId = (await link.textContent())!;
    const run = await get(`/runs/${runId}`);
    // The run is what the form said.
    expect(run).toMatchObject({ kind: 'backtest', strategy: 'sma-cross', symbols: ['GOOG'], interval: '1d', params: { fast: 10, slow: 30 } });
    expect(run.config).toMatchObject({ randomSeeds: 2000, commission: 0.001, cash: 10_000 });
    await screenshot(page, 'backtest-launch');

    await link.click();
    await expect.poll(() => page.getByTestId('run-id').textContent()).toBe(runId);
    const trades = await get<unknown[]>(`/runs/${runId}/trades`);
    expect(trades.length).toBeGreaterThan(0);
    await expect.poll(() => page.getByTestId('trades-table').locator('tbody tr').count()).toBe(trades.length);
    const total = await page.getByTestId('metric-total_return_pct').locator('.card-value').textContent();
    expect(Math.abs(shownNumber(total) - run.metrics.total_return_pct)).toBeLessThan(0.006);
    for (const chart of ['price-chart', 'equity-chart', 'drawdown-chart', 'monthly-heatmap', 'pnl-histogram']) {
      await expect.poll(() => page.getByTestId(chart).locator('canvas').count(), { message: chart }).toBeGreaterThan(0);
    }
    // Equity is drawn against the random baselines' band (the run had 2,000 seeds).
    await expect.poll(() => page.getByTestId('equity-chart').getByTestId('band-legend').textContent()).toContain('random entries');
    await page.waitForLoadState('networkidle');
    await screenshot(page, 'backtest-detail');

    await open('backtests', 'Backtests');
    await page.getByTestId(`run-${runId}`).waitFor();
    await screenshot(page, 'backtests-list');
    expect(errors).toEqual([]);
  });

  test('a sweep runs as a job, and two runs compare side by side', async () => {
    await page.goto(`${server.url}/#/backtests/new`);
    await page.getByTestId('launch-kind').selectOption('sweep');
    await page.getByTestId('launch-param-fast').fill('5,10');
    await page.getByTestId('launch-param-slow').fill('20,40');
    await page.getByTestId('launch-submit').click();
    await expect.poll(() => page.getByTestId('job-progress').getAttribute('data-state'), { timeout: 30_000 }).toBe('succeeded');
    const sweepId = (await page.getByTestId('job-run-link').textContent())!;
    expect((await get(`/runs/${sweepId}`)).kind).toBe('sweep');

    const runs = await get<{ id: string }[]>('/runs');
    expect(runs.length).toBe(2);
    await open('backtests', 'Backtests');
    for (const r of runs) await page.getByTestId(`pick-${r.id}`).check();
    await page.getByTestId('compare-selected').click();
    await page.getByTestId('page-backtest-compare').waitFor();
    const table = page.getByTestId('compare-metrics');
    for (const r of runs) await table.locator(`a[href="#/backtests/${r.id}"]`).waitFor();
    expect(await table.locator('tbody tr').count()).toBe(Object.keys((await get(`/runs/${runs[0].id}`)).metrics).length);
    await screenshot(page, 'backtest-compare');
    expect(errors).toEqual([]);
  });

  test('the Models page is empty at first, then shows a trained model: its row, lifecycle, metrics, calibration and runs', async () => {
    await open('models', 'Models');
    await page.getByTestId('models-empty').waitFor();
    expect(await get('/models')).toEqual([]);

    // A small GBDT on GOOG registered as `sextant train` does, promoted by a person, then backtested with ml-signal.
    const cfg = experimentConfigFromYaml(readFileSync(join(ROOT, 'examples/experiments/goog-daily.yaml'), 'utf8'), 'goog-daily.yaml', ['model.num_rounds=20']);
    const { model: trained } = await trainExperiment(server.ctx.store, cfg, { actor: 'e2e-trainer' });
    await server.ctx.store.transitionModel(trained.id, 'active', 'beats the baselines on every fold', 'e2e-reviewer');
    const launched = await fetch(`${server.url}/api/v1/jobs`, {
      method: 'POST',
      headers: { authorization: `Bearer ${keys.admin.key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'backtest', config: { strategy: 'ml-signal', symbols: ['GOOG'], interval: '1d', params: { model: trained.id }, randomSeeds: 5 } }),
    });
    expect(launched.status).toBe(202);
    const jobId = ((await launched.json()) as { id: string }).id;
    const job = await waitUntil('the ml-signal backtest to finish', async () => {
      const j = await get(`/jobs/${jobId}`);
      if (j.state === 'failed' || j.state === 'cancelled') throw new Error(`the ml-signal backtest ${j.state}: ${JSON.stringify(j.error)}`);
      return j.state === 'succeeded' ? j : null;
    });
    const model = await get(`/models/${trained.id}`);
    expect(model.runs.map((r: { id: string }) => r.id)).toEqual(job.run_ids);

    // The list (opened afresh) shows the row as the API has it.
    await open('overview', 'Overview');
    await open('models', 'Models');
    const row = page.getByTestId(`model-${trained.id}`);
    await row.waitFor();
    const cells = await row.locator('td').allTextContents();
    expect(cells[0]).toContain(model.name);
    expect(cells.slice(1, 5)).toEqual([`v${model.version}`, model.kind, model.task, 'active']);
    // Values below 1 are shown to 3 significant digits, others to 2 decimals.
    expect(Math.abs(shownNumber(await page.getByTestId(`model-${trained.id}-auc`).textContent()) - model.metrics.mean_auc)).toBeLessThan(0.0006);
    expect(await page.getByTestId('models-readonly').textContent()).toContain('sextant models promote');
    await page.getByTestId('filter-state').selectOption('retired');
    await expect.poll(() => page.getByTestId('models-empty').textContent()).toBe('No model is retired.');
    await page.getByTestId('filter-state').selectOption('active');
    await row.waitFor();
    await page.waitForLoadState('networkidle');
    await screenshot(page, 'models');

    // The detail: who moved it when and why, oldest first; metrics; calibration; the run, linked to its Backtests page.
    await page.getByTestId(`model-link-${trained.id}`).click();
    await expect.poll(() => page.getByTestId('page-model-detail').locator('h1').textContent()).toBe(`${model.name} v${model.version}`);
    expect(model.transitions.map((t: any) => [t.from, t.to, t.actor, t.reason])).toEqual([
      [null, 'candidate', 'e2e-trainer', 'trained'],
      ['candidate', 'active', 'e2e-reviewer', 'beats the baselines on every fold'],
    ]);
    expect(await page.getByTestId('model-transitions').locator('li').count()).toBe(2);
    for (const [i, t] of model.transitions.entries()) {
      expect(await page.getByTestId(`transition-${i}-states`).textContent()).toBe(`${t.from ?? '(saved)'} → ${t.to}`);
      expect(await page.getByTestId(`transition-${i}-actor`).textContent()).toBe(t.actor);
      expect(await page.getByTestId(`transition-${i}-reason`).textContent()).toBe(t.reason);
    }
    expect(Math.abs(shownNumber(await page.getByTestId('model-metric-pooled_brier').textContent()) - model.metrics.pooled_brier)).toBeLessThan(0.0006);
    expect(await page.getByTestId('calibration-kind').textContent()).toContain('platt');
    expect(Math.abs(shownNumber(await page.getByTestId('platt-a').textContent()) - model.calibration.a)).toBeLessThan(0.006);
    expect(Math.abs(shownNumber(await page.getByTestId('calibrated-ece').textContent()) - model.metrics.calibrated_ece)).toBeLessThan(0.0006);
    const runLink = page.getByTestId(`model-run-${job.run_ids[0]}`);
    expect(await runLink.getAttribute('href')).toBe(`#/backtests/${job.run_ids[0]}`);
    await page.waitForLoadState('networkidle');
    await screenshot(page, 'model-detail');
    await page.getByTestId('theme-toggle').click();
    await screenshot(page, 'model-detail-other-theme');
    await page.getByTestId('theme-toggle').click();

    await runLink.click();
    await expect.poll(() => page.getByTestId('run-id').textContent()).toBe(job.run_ids[0]);
    expect(errors).toEqual([]);
  });

  test('approving one order and rejecting another (with a reason) takes them out of the queue', async () => {
    await open('approvals', 'Approvals');
    const first = (await get<any[]>('/approvals'))[0];
    const card = page.getByTestId(`approval-${first.client_order_id}`);
    await card.waitFor();
    // What a person needs to decide, as the API has it.
    expect(await page.getByTestId(`approval-${first.client_order_id}-signal`).textContent()).toBe(first.signal.kind);
    for (const check of first.risk_checks_passed) expect(await page.getByTestId(`approval-${first.client_order_id}-checks`).textContent()).toContain(check);
    expect(await page.getByTestId(`approval-${first.client_order_id}-expiry`).textContent()).toMatch(/^\d+:\d\d$/);
    await screenshot(page, 'approvals-queue');
    await page.getByTestId(`approve-${first.client_order_id}`).click();
    await card.waitFor({ state: 'detached' });
    const approved = await finalState(first.client_order_id);
    expect(approved.decision).toMatchObject({ approved: true, actor: `api:${keys.admin.id}` });
    await expect.poll(() => page.getByTestId(`decided-state-${first.client_order_id}`).textContent()).toBe(approved.state);

    const second = await waitUntil('the next order to wait for approval', async () => (await get<any[]>('/approvals')).find((o) => o.client_order_id !== first.client_order_id));
    const reject = page.getByTestId(`reject-${second.client_order_id}`);
    await reject.waitFor();
    expect(await reject.isDisabled()).toBe(true);
    await page.getByTestId(`approval-${second.client_order_id}-reason`).fill('too volatile after earnings');
    await reject.click();
    await page.getByTestId(`approval-${second.client_order_id}`).waitFor({ state: 'detached' });
    const rejected = await finalState(second.client_order_id);
    // A person's rejection ends the order as denied, with its own code.
    expect(rejected).toMatchObject({ state: 'denied', code: 'HUMAN_REJECTED', filled_qty: 0 });
    expect(rejected.decision).toMatchObject({ approved: false, reason: 'too volatile after earnings', actor: `api:${keys.admin.id}` });
    await expect.poll(() => page.getByTestId(`decided-state-${second.client_order_id}`).textContent()).toBe('denied');
    await screenshot(page, 'approvals-decided');
    expect(errors).toEqual([]);
  });

  test('a strategy’s launch parameters and enablement change through the dialog', async () => {
    await open('strategies', 'Strategies');
    await page.getByTestId('strategy-donchian-breakout-param-entry').fill('30');
    await page.getByTestId('strategy-donchian-breakout-save').click();
    expect(await page.getByTestId('confirm-changes').locator('tbody tr').allTextContents()).toEqual(['entry20→30']);
    await page.getByTestId('confirm-ok').click();
    await page.getByTestId('confirm-dialog').waitFor({ state: 'detached' });
    await waitUntil('the parameters to be saved', async () => (await get('/strategies/donchian-breakout')).launch_params.entry === 30);
    // New backtests start from them.
    await page.goto(`${server.url}/#/backtests/new`);
    await page.getByTestId('launch-strategy').selectOption('donchian-breakout');
    await expect.poll(() => page.getByTestId('launch-param-entry').inputValue()).toBe('30');

    await open('strategies', 'Strategies');
    await page.getByTestId('strategy-random-toggle').click();
    expect(await page.getByTestId('confirm-changes').locator('tbody tr').allTextContents()).toEqual(['enabledtrue→false']);
    await page.getByTestId('confirm-reason').fill('not for live use');
    await page.getByTestId('confirm-ok').click();
    await expect.poll(() => page.getByTestId('strategy-random-enabled').textContent()).toBe('disabled');
    expect((await get('/strategies/random')).enabled).toBe(false);
    await screenshot(page, 'strategies-changed');
    expect(errors).toEqual([]);
  });

  test('a risk limit change shows the validated diff before it is applied', async () => {
    await open('controls', 'Controls');
    await page.getByTestId('limit-input-maxPositionPct').fill('50');
    await page.getByTestId('limit-input-orderRate.maxOrders').fill('off');
    await page.getByTestId('limits-review').click();
    const dialog = page.getByTestId('confirm-dialog');
    await dialog.waitFor();
    const rows = await page.getByTestId('confirm-changes').locator('tbody tr').allTextContents();
    expect(rows).toHaveLength(2);
    expect(rows.find((r) => r.includes('maxPositionPct'))).toMatch(/100→50$/);
    expect(rows.find((r) => r.includes('orderRate.maxOrders'))).toMatch(/60→off$/);
    // A dry run: nothing changed yet.
    expect((await get('/controls')).limits.maxPositionPct).toBe(100);
    await screenshot(page, 'controls-limits-dialog', false);
    await page.getByTestId('confirm-reason').fill('smaller positions for the e2e test');
    await page.getByTestId('confirm-ok').click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => page.getByTestId('limit-maxPositionPct').textContent()).toBe('50');
    const c = await get('/controls');
    expect(c.limits.maxPositionPct).toBe(50);
    expect(c.limits.orderRate.maxOrders).toBeNull();
    const audit = await get<any[]>('/audit?limit=20');
    expect(audit.find((a) => a.actor === `api:${keys.admin.id}` && JSON.stringify(a.details).includes('smaller positions for the e2e test'))).toBeDefined();
    expect(errors).toEqual([]);
  });

  test('the kill switch and the trading state change through the dialog, on Controls and Overview', async () => {
    await open('controls', 'Controls');
    await page.getByTestId('kill-switch-toggle').click();
    expect(await page.getByTestId('confirm-changes').locator('tbody tr').first().textContent()).toMatch(/off→ON$/);
    await page.getByTestId('confirm-ok').click();
    await expect.poll(() => page.getByTestId('kill-switch-state').textContent()).toBe('kill switch ON');
    expect((await get('/controls')).kill_switch.global).toBe(true);

    await page.getByTestId('state-HALTED').click();
    expect(await page.getByTestId('confirm-changes').locator('tbody tr').first().textContent()).toMatch(/ACTIVE→HALTED$/);
    await page.getByTestId('confirm-reason').fill('end of the e2e test');
    await page.getByTestId('confirm-ok').click();
    await expect.poll(() => page.getByTestId('trading-state').textContent()).toBe('HALTED');
    expect((await get('/controls')).state).toBe('HALTED');
    await screenshot(page, 'controls-halted');

    await open('overview', 'Overview');
    await expect.poll(() => page.getByTestId('trading-state').textContent()).toBe('HALTED');
    await expect.poll(() => page.getByTestId('kill-switch-state').textContent()).toBe('kill switch ON');
    await screenshot(page, 'overview-halted');
    expect(errors).toEqual([]);
  });

  test('dark and light mode switch, and the choice is remembered', async () => {
    await open('overview', 'Overview');
    const theme = () => page.evaluate(() => document.documentElement.dataset.theme);
    const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    const before = await theme();
    const bgBefore = await background();
    await screenshot(page, `overview-${before}`);
    await page.getByTestId('theme-toggle').click();
    const after = before === 'dark' ? 'light' : 'dark';
    expect(await theme()).toBe(after);
    expect(await background()).not.toBe(bgBefore);
    await page.waitForLoadState('networkidle');
    await screenshot(page, `overview-${after}`);
    await page.reload();
    await page.getByTestId('page-overview').waitFor();
    expect(await theme()).toBe(after);
    // The key survives a reload within the session: no second login.
    expect(await page.getByTestId('role').textContent()).toBe('admin');
    expect(errors).toEqual([]);
  });

  test('logging out forgets the key', async () => {
    await page.getByTestId('logout').click();
    await page.getByTestId('page-login').waitFor();
    expect(await page.evaluate(() => sessionStorage.getItem('sextant.apiKey'))).toBeNull();
  });
});

