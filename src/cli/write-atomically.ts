import { closeSync, openSync, renameSync, rmSync } from 'node:fs';

/**
 * Writes `path` through a temporary file beside it and a rename, so a failed write leaves no
 * half-written file (and the temporary one is removed).
 */
export function writeAtomically(path: string, write: (fd: number) => void): void {
  const tmp = `${path}.${process.pid}.tmp`;
  const fd = openSync(tmp, 'w');
  let open = true;
  try {
    write(fd);
    closeSync(fd);
    open = false;
    renameSync(tmp, path);
  } catch (e) {
    if (open) closeSync(fd);
    rmSync(tmp, { force: true });
    throw e;
  }
}
