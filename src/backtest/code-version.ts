import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

let cached: string | null = null;

/**
 * The package version and, in a git checkout, the commit (with `+dirty` when files differ):
 * what a recorded run names as the code that produced it.
 */
export function codeVersion(): string {
  if (cached !== null) return cached;
  // Compiled: dist/src/backtest/ (three levels below the root); run from source by vitest: src/backtest/ (two).
  const root = fileURLToPath(new URL(import.meta.url.endsWith('.ts') ? '../../' : '../../../', import.meta.url));
  const pkg = JSON.parse(readFileSync(`${root}package.json`, 'utf8')) as { version: string };
  let commit = '';
  try {
    const git = (args: string[]) => execFileSync('git', args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    commit = git(['rev-parse', '--short=12', 'HEAD']);
    if (git(['status', '--porcelain', '--untracked-files=no']) !== '') commit += '+dirty';
  } catch {
    commit = 'no-git';
  }
  cached = `${pkg.version}+${commit}`;
  return cached;
}
