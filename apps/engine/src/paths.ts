import { lstatSync, realpathSync } from 'node:fs';
import { dirname, relative, resolve, sep } from 'node:path';
import type { PathCheck } from './validate.js';

/** The CLI's rule (spec §4): a relative path is resolved against the pipeline file's folder. */
export function relativeTo(folder: string): PathCheck {
  return (path) => ({ ok: true, path: resolve(folder, path) });
}

/**
 * The server's rule (spec §4): every path resolves inside `root`; no `..` escape, no absolute
 * path outside it, no symlink (of the file or of any folder on the way) that leads out.
 */
export function confinedTo(root: string): PathCheck {
  const realRoot = realpathSync(root);
  const inside = (p: string) => p === realRoot || p.startsWith(realRoot + sep);
  return (path) => {
    if (path.includes('\u0000')) return { ok: false, reason: 'the path contains a NUL character' };
    const full = resolve(realRoot, path);
    if (!inside(full)) return { ok: false, reason: `"${path}" is outside the data directory` };
    // Resolve symlinks of the longest existing prefix: a link on the way must stay inside too.
    // lstat, not exists: a dangling link exists, and a sink would write through it.
    let existing = full;
    while (!linkOrFileAt(existing) && existing !== realRoot) existing = dirname(existing);
    let real: string;
    try {
      real = realpathSync(existing);
    } catch {
      return {
        ok: false,
        reason: `"${path}" goes through a symbolic link that leads nowhere (dangling, or a loop)`,
      };
    }
    if (!inside(real))
      return {
        ok: false,
        reason: `"${path}" leads outside the data directory through a symbolic link`,
      };
    return { ok: true, path: resolve(real, relative(existing, full)) };
  };
}

function linkOrFileAt(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}
