import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { SqliteStore } from '../../src/store/sqlite-store.js';
import { ROOT } from '../helpers/cli.js';

/**
 * End-to-end helpers for the dashboard: the built web app, a real API server over a real
 * store, API keys of each role, and a browser page that records console errors.
 */

export const CHROMIUM = '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);
export const WEB = join(ROOT, 'web');
export const WEB_DIST = join(WEB, 'dist');
export const ARTIFACTS = join(ROOT, 'test', 'e2e', 'artifacts');

function newestMtime(path: string): number {
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  return Math.max(s.mtimeMs, ...readdirSync(path).map((f) => newestMtime(join(path, f))));
}

/** Builds web/dist with vite when it is missing or older than any source of the app. */
export function buildWebIfStale(): void {
  const built = join(WEB_DIST, 'index.html');
  const sources = Math.max(newestMtime(join(WEB, 'src')), newestMtime(join(WEB, 'index.html')), newestMtime(join(WEB, 'vite.config.ts')));
  if (existsSync(built) && statSync(built).mtimeMs >= sources) return;
  const r = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', 'web', '--logLevel', 'warn'], { cwd: ROOT, encoding: 'utf8', timeout: 300_000, killSignal: 'SIGKILL' });
  if (r.status !== 0) throw new Error(`vite build web failed (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
}

export interface Keys {
  admin: { id: string; key: string };
  trader: { id: string; key: string };
  viewer: { id: string; key: string };
}

/** One key of each role, made through the store as `sextant keys create` makes them. */
export async function createKeys(db: string): Promise<Keys> {
  const store = SqliteStore.open(db);
  try {
    const make = (role: 'admin' | 'trader' | 'viewer') => {
      const { info, key } = store.keys().create(role, `e2e ${role}`, 'e2e');
      return { id: info.id, key };
    };
    return { admin: make('admin'), trader: make('trader'), viewer: make('viewer') };
  } finally {
    await store.close();
  }
}

/** A JSON API call from the test itself (the independent view of what the dashboard did). */
export async function apiGet<T = any>(url: string, key: string, path: string): Promise<T> {
  const res = await fetch(`${url}/api/v1${path}`, { headers: { authorization: `Bearer ${key}` } });
  if (!res.ok) throw new Error(`GET ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** A page in a 1366×768 window whose console errors and uncaught exceptions are collected. */
export async function openPage(browser: Browser, colorScheme: 'light' | 'dark' = 'light'): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, colorScheme });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()} (${m.location().url})`);
  });
  page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
  return { context, page, errors };
}

/** Signs in through the login form and waits for the shell. */
export async function login(page: Page, url: string, key: string): Promise<void> {
  await page.goto(`${url}/`);
  await page.getByTestId('login-key').fill(key);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('role').waitFor();
}

/** The whole page, or only the window (a modal dialog covers the window, not the page). */
export async function screenshot(page: Page, name: string, fullPage = true): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage });
}
