import { lstatSync, realpathSync, statSync } from 'node:fs';
import { dirname, relative, resolve, sep } from 'node:path';
import type { PathCheck } from './validate.js';

/** The CLI's rule (spec §4): a relative path is resolved against the pipeline file's folder. */
export function relativeTo(folder: string): PathCheck {
  return (path) => {
    const full = resolve(folder, path);
    // A FIFO or /dev/stdin is fine on the command line; a folder never is.
    const wrong = notAFile(path, full, false);
    return wrong ? { ok: false, reason: wrong } : { ok: true, path: full };
  };
}

/**
 * The server's rule (spec §4): every path resolves inside `root`; no `..` escape, no absolute
 * path outside it, no symlink (of the file or of any folder on the way) that leads out, and
 * nothing that is there but is not a file (a folder, a FIFO, a device). This is checked when a
 * pipeline is validated; the server's IO checks again when it opens the file (io.ts), since the
 * files may change in between.
 */
export function confinedTo(root: string): PathCheck {
  const realRoot = realpathSync(root);
  return (path) => {
    if (path.includes('\u0000')) return { ok: false, reason: 'the path contains a NUL character' };
    const full = resolve(realRoot, path);
    if (!isInside(realRoot, full))
      return { ok: false, reason: `"${path}" is outside the data directory` };
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
    if (!isInside(realRoot, real))
      return {
        ok: false,
        reason: `"${path}" leads outside the data directory through a symbolic link`,
      };
    const resolved = resolve(real, relative(existing, full));
    const wrong = notAFile(path, resolved, true);
    return wrong ? { ok: false, reason: wrong } : { ok: true, path: resolved };
  };
}

/** Whether `path` (absolute, resolved) is `root` or below it. */
export function isInside(root: string, path: string): boolean {
  return path === root || path.startsWith(root.endsWith(sep) ? root : root + sep);
}

/**
 * Why an existing `full` cannot be read or written as a file (a folder, a file where a folder
 * should be, and with `regularOnly` a FIFO, socket or device), or null when it is a file or is
 * not there yet.
 */
function notAFile(path: string, full: string, regularOnly: boolean): string | null {
  let kind: ReturnType<typeof statSync> | undefined;
  try {
    kind = statSync(full);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOTDIR')
      return `"${path}" goes through a file as if it were a folder`;
    return null; // not there yet (a sink creates it), or unreadable: the run reports it
  }
  if (kind.isDirectory()) return `"${path}" is a folder, not a file`;
  if (regularOnly && !kind.isFile())
    return `"${path}" is not a regular file (a FIFO, socket or device)`;
  return null;
}

function linkOrFileAt(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * A message as users may see it: `<dataDir>/files/x` becomes `x` (what a pipeline's path
 * param says) and any other mention of `dataDir` becomes `<data>`, so that answers never tell
 * where the server keeps its data. Pass the real path the server uses (it resolves the data
 * directory's symlinks once at start, so every path it builds begins with it).
 */
export function redactPaths(message: string, dataDir: string): string {
  const dir = dataDir.length > 1 && dataDir.endsWith(sep) ? dataDir.slice(0, -1) : dataDir;
  if (dir.length <= 1) return message; // `/` or nothing: no path to hide
  const escaped = dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const s = sep === '\\' ? '\\\\' : '/';
  // Not followed by a name character: `/srv/data` must not rewrite `/srv/data2`.
  const end = '(?![A-Za-z0-9._-])';
  return message
    .replace(new RegExp(`${escaped}${s}files${s}`, 'g'), '')
    .replace(new RegExp(`${escaped}${end}`, 'g'), '<data>');
}
