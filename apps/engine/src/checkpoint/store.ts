import {
  closeSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import type { Checkpoint } from './checkpoint.js';

/** Completed checkpoints kept per folder; older ones are deleted once a newer one is durable. */
export const CHECKPOINTS_KEPT = 3;

const NAME = /^chk-(\d{1,9})\.json$/;

/**
 * Checkpoints of one run in one folder, `chk-<id>.json`. Each is written atomically: a
 * temporary file, fsync, rename, fsync of the folder; a crash at any moment leaves the previous
 * checkpoint whole, and a half-written one is never read.
 */
export class CheckpointStore {
  constructor(readonly dir: string) {}

  /** Writes it durably and returns its size in bytes. */
  write(checkpoint: Checkpoint): number {
    const bytes = writeAtomically(
      join(this.dir, `chk-${checkpoint.id}.json`),
      JSON.stringify(checkpoint),
    );
    for (const id of this.ids().slice(0, -CHECKPOINTS_KEPT))
      rmSync(join(this.dir, `chk-${id}.json`), { force: true });
    return bytes;
  }

  /** The newest complete checkpoint, or null. */
  latest(): Checkpoint | null {
    const ids = this.ids();
    for (let i = ids.length - 1; i >= 0; i--) {
      try {
        return JSON.parse(readFileSync(join(this.dir, `chk-${ids[i]}.json`), 'utf8')) as Checkpoint;
      } catch {
        // Unreadable (a disk error): the one before it.
      }
    }
    return null;
  }

  /** Ids of the complete checkpoints, oldest first. */
  ids(): number[] {
    let names: string[];
    try {
      names = readdirSync(this.dir);
    } catch {
      return [];
    }
    return names
      .map((n) => NAME.exec(n)?.[1])
      .filter((id): id is string => id !== undefined)
      .map(Number)
      .sort((a, b) => a - b);
  }

  /** Deletes every checkpoint (the run completed: the next one starts fresh). */
  clear(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/**
 * Writes a file so that a crash at any moment leaves either the old one or the new one whole:
 * a temporary file, fsync, rename, fsync of the folder. Returns its size in bytes.
 */
export function writeAtomically(file: string, text: string): number {
  mkdirSync(dirname(file), { recursive: true });
  const temp = `${file}.tmp`;
  const data = Buffer.from(text);
  const fd = openSync(temp, 'w');
  try {
    writeFileSync(fd, data);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temp, file);
  syncFolder(dirname(file));
  return data.length;
}

function syncFolder(dir: string): void {
  let fd: number | null = null;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // Some file systems cannot fsync a folder; the rename is still atomic.
  } finally {
    if (fd !== null) closeSync(fd);
  }
}
