import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const BIN = fileURLToPath(new URL('../../bin/sextant.js', import.meta.url));

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * A command that runs this long is stuck. spawnSync blocks the test's event loop, so vitest's own
 * test timeout cannot fire: without this limit one stuck child would hang the whole run.
 */
const CLI_TIMEOUT_MS = 180_000;

/** Runs the real `sextant` binary (built by `npm test` before vitest starts). */
export function sextant(args: string[], env: Record<string, string> = {}): CliResult {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, ...env }, maxBuffer: 1 << 28, timeout: CLI_TIMEOUT_MS, killSignal: 'SIGKILL' });
  if (r.error) throw new Error(`sextant ${args.join(' ')}: ${r.error.message}${r.signal ? ` (killed by ${r.signal} after ${CLI_TIMEOUT_MS / 1000} s)` : ''}\nstdout: ${r.stdout?.slice(-2000)}\nstderr: ${r.stderr?.slice(-2000)}`);
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

export function sextantJson<T = unknown>(args: string[], env: Record<string, string> = {}): { status: number | null; json: T; stderr: string } {
  const r = sextant([...args, '--json'], env);
  let json: T;
  try {
    json = JSON.parse(r.stdout) as T;
  } catch {
    throw new Error(`not JSON (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
  }
  return { status: r.status, json, stderr: r.stderr };
}
