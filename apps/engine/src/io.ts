import {
  close as closeFd,
  constants,
  createReadStream,
  createWriteStream,
  fstat,
  ftruncate,
  mkdir,
  open,
  read,
  readlinkSync,
  realpath,
  realpathSync,
  statSync,
  write,
  writev,
  type Stats,
} from 'node:fs';
import { finished } from 'node:stream/promises';
import { basename, dirname, join, relative, sep } from 'node:path';
import { promisify } from 'node:util';
import type { LineWriter, OperatorIO } from '@rivulet/operators';
import { isInside } from './paths.js';

/** Longest line kept; the rest of a longer line is dropped (the line then fails to parse). */
export const MAX_LINE_CHARS = 1 << 20;
const READ_CHUNK = 1 << 20;
const WRITE_CHUNK = 1 << 16;
const WRITE_HIGH_WATER = 1 << 22;

export interface NodeIOOptions {
  /** sink.console's output (default: a line on stdout). */
  print?: (line: string) => void;
  /**
   * Confine every file to this folder (the server's `<data>/files`). Paths arrive checked by
   * the validator, but the files may have changed since: each file is opened without following
   * a symbolic link in its last component, must be a regular file, and is refused unless the
   * file actually opened lies inside `root`. A plain string, so a worker thread can build the
   * same IO from its workerData. Without it (the CLI) paths are opened as they are.
   */
  root?: string;
}

/**
 * The engine's file access. `nodeIO({ root })` for the server, `nodeIO()` or
 * `nodeIO({ print })` for the CLI; `nodeIO(print)` is the older spelling of the latter.
 */
export function nodeIO(options: NodeIOOptions | NodeIOOptions['print'] = {}): OperatorIO {
  const { print = (line: string) => void process.stdout.write(line + '\n'), root } =
    typeof options === 'function' ? { print: options } : options;
  const place = root === undefined ? unconfined : confinedPlace(root);
  return {
    readLines: (path) => linesOf(path, place),
    openWriter: (path) => writerOf(path, place),
    print,
  };
}

/** Reads a file as chunks of lines, splitting on \n; a final line without \n is kept. */
export function readLines(path: string): AsyncIterable<string[]> {
  return linesOf(path, unconfined);
}

/** A buffered line writer with a high-water mark, for backpressure. */
export function openWriter(path: string): LineWriter {
  return writerOf(path, unconfined);
}

/** An error about a file, in words and without the folders above the file's confinement. */
export class FileError extends Error {
  constructor(
    message: string,
    readonly code?: string,
  ) {
    super(message);
    this.name = 'FileError';
  }
}

/** How files are opened: as they are (the CLI), or confined to a folder (the server). */
interface Place {
  openForReading(path: string): Promise<number>;
  openForWriting(path: string): Promise<number>;
  /** The path as an error may show it. */
  shown(path: string): string;
}

const fsOpen = promisify(open);
const fsClose = promisify(closeFd);
const fsFstat = promisify(fstat);
const fsTruncate = promisify(ftruncate);
const fsMkdir = promisify(mkdir);
const fsRealpath = promisify(realpath);

const unconfined: Place = {
  openForReading: (path) => fsOpen(path, 'r'),
  async openForWriting(path) {
    await fsMkdir(dirname(path), { recursive: true }).catch((error: NodeJS.ErrnoException) => {
      // mkdir -p says EEXIST when a folder on the way is a file.
      throw error.code === 'EEXIST' ? Object.assign(error, { code: 'ENOTDIR' }) : error;
    });
    return fsOpen(path, 'w');
  },
  shown: (path) => path,
};

/**
 * A Place that opens only regular files inside `root`. A symlink swapped in for a file after
 * validation is refused by O_NOFOLLOW; one swapped in for a folder on the way is followed by
 * open(2) (node has no openat), so the file actually opened is checked afterwards, from its
 * descriptor. A sink's file is truncated only after that check, so a race can at worst leave
 * an empty new file (or folder) outside, never change an existing one.
 */
function confinedPlace(root: string): Place {
  let realRootCache: string | undefined;
  const realRoot = () => (realRootCache ??= realpathSync(root));
  const shown = (path: string) => {
    const rel = relative(realRoot(), path);
    return rel !== '' && !rel.startsWith('..') && !rel.startsWith(sep) ? rel : basename(path);
  };
  const { O_RDONLY, O_WRONLY, O_CREAT, O_EXCL, O_NOFOLLOW, O_NONBLOCK } = constants;
  // O_NONBLOCK: a FIFO must not hang the open; it is refused below as not a regular file.
  const noFollow = O_NOFOLLOW | O_NONBLOCK;

  const refuse = async (fd: number, path: string, why: string): Promise<never> => {
    await fsClose(fd).catch(() => {});
    throw new FileError(`"${shown(path)}" ${why}`);
  };

  /** Checks an open descriptor; closes it and throws when it is not a file inside the root. */
  const check = async (fd: number, path: string): Promise<void> => {
    const info = await fsFstat(fd);
    if (info.isDirectory()) return refuse(fd, path, 'is a folder, not a file');
    if (!info.isFile()) return refuse(fd, path, 'is not a regular file (a FIFO, socket or device)');
    const real = openedPath(fd, path, info);
    if (real === null) return refuse(fd, path, 'changed while it was being opened');
    if (!isInside(realRoot(), real))
      return refuse(
        fd,
        path,
        'leads outside the data directory (a folder on the way was replaced)',
      );
  };

  const opening = async (path: string, flags: number, mode?: number): Promise<number> => {
    try {
      return await fsOpen(path, flags, mode);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ELOOP')
        throw new FileError(
          `"${shown(path)}" is a symbolic link: the server does not follow links when it opens a file`,
          'ELOOP',
        );
      throw error;
    }
  };

  return {
    shown,
    async openForReading(path) {
      const fd = await opening(path, O_RDONLY | noFollow);
      await check(fd, path);
      return fd;
    },
    async openForWriting(path) {
      await makeFolders(realRoot(), dirname(path), shown(path));
      let fd: number;
      let created = true;
      try {
        fd = await opening(path, O_WRONLY | O_CREAT | O_EXCL | noFollow, 0o666);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        created = false;
        fd = await opening(path, O_WRONLY | noFollow);
      }
      await check(fd, path);
      if (!created) await fsTruncate(fd, 0);
      return fd;
    },
  };
}

/** The real path of the file behind `fd`, or null when `path` no longer leads to it. */
function openedPath(fd: number, path: string, info: Stats): string | null {
  try {
    // Linux: the kernel's own record of what was opened, links already resolved.
    return readlinkSync(`/proc/self/fd/${fd}`);
  } catch {
    // Elsewhere: where the path leads now, provided it is still the same file.
    try {
      const real = realpathSync(path);
      const now = statSync(real);
      return now.dev === info.dev && now.ino === info.ino ? real : null;
    } catch {
      return null;
    }
  }
}

/** mkdir -p below `realRoot`, checking after each step that the folder is still inside. */
async function makeFolders(realRoot: string, folder: string, shown: string): Promise<void> {
  const rel = relative(realRoot, folder);
  if (rel.startsWith('..')) throw new FileError(`"${shown}" is outside the data directory`);
  let at = realRoot;
  for (const part of rel.split(sep)) {
    if (part === '') continue;
    at = join(at, part);
    try {
      await fsMkdir(at);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    if (!isInside(realRoot, await fsRealpath(at)))
      throw new FileError(
        `"${shown}" leads outside the data directory (a folder on the way is a symbolic link)`,
      );
  }
}

const REASONS: Record<string, string> = {
  ENOENT: 'there is no such file',
  EISDIR: 'it is a folder, not a file',
  ENOTDIR: 'a folder on the way is a file',
  ELOOP: 'too many symbolic links (a loop?)',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'the file system is read-only',
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is exceeded',
  EFBIG: 'the file is too large',
  EIO: 'an input/output error',
  ENXIO: 'it is not a regular file',
  EMFILE: 'too many files are open',
  ENFILE: 'too many files are open',
  ENAMETOOLONG: 'the name is too long',
};

/** An error as a run reports it: what, which file, why; no absolute path of the confinement. */
function fileError(error: unknown, verb: 'read' | 'write', shown: string): Error {
  if (error instanceof FileError) return error;
  const code = (error as NodeJS.ErrnoException | null)?.code;
  const why =
    (code !== undefined ? REASONS[code] : undefined) ??
    (code !== undefined ? `error ${code}` : error instanceof Error ? error.message : String(error));
  return new FileError(`cannot ${verb} "${shown}": ${why}`, code);
}

/** Node's stream `fs` option: our open, node's own read/write/close on the descriptor. */
const viaOpen = (openFile: (path: string) => Promise<number>) => ({
  open(
    path: string,
    _flags: unknown,
    _mode: unknown,
    callback: (error: NodeJS.ErrnoException | null, fd?: number) => void,
  ) {
    openFile(path).then(
      (fd) => callback(null, fd),
      (error: NodeJS.ErrnoException) => callback(error),
    );
  },
  read,
  write,
  writev,
  close: closeFd,
});

async function* linesOf(path: string, place: Place): AsyncIterable<string[]> {
  const stream = createReadStream(path, {
    encoding: 'utf8',
    highWaterMark: READ_CHUNK,
    // The stream reads from the descriptor the Place opened (and checked).
    fs: viaOpen((p) => place.openForReading(p)) as never,
  });
  let carry = '';
  let skipping = false;
  try {
    for await (const chunk of stream as AsyncIterable<string>) {
      let start = 0;
      const lines: string[] = [];
      for (let nl = chunk.indexOf('\n'); nl >= 0; nl = chunk.indexOf('\n', start)) {
        if (!skipping)
          lines.push(carry.length > 0 ? carry + chunk.slice(start, nl) : chunk.slice(start, nl));
        carry = '';
        skipping = false;
        start = nl + 1;
      }
      if (!skipping) {
        carry += chunk.slice(start);
        if (carry.length > MAX_LINE_CHARS) {
          lines.push(carry.slice(0, MAX_LINE_CHARS));
          carry = '';
          skipping = true;
        }
      }
      if (lines.length > 0) yield lines;
    }
  } catch (error) {
    throw fileError(error, 'read', place.shown(path));
  }
  if (carry.length > 0 && !skipping) yield [carry];
}

/**
 * A buffered line writer. The file is opened (and its folder made) in the background; an error
 * of the open or of any write is kept and thrown by the next write() or close(), so a run whose
 * file cannot be written fails, naming the sink. drained() resolves once the writer has failed
 * (its buffer is gone): the engine names the node for errors of write() and close().
 */
function writerOf(path: string, place: Place): LineWriter {
  const shown = place.shown(path);
  const stream = createWriteStream(path, {
    highWaterMark: WRITE_HIGH_WATER,
    fs: viaOpen((p) => place.openForWriting(p)) as never,
  });
  let failure: Error | null = null;
  stream.on('error', (error) => (failure ??= fileError(error, 'write', shown)));
  /** The error to report, if any. stream.errored is set at once, 'error' only on a later tick. */
  const failed = (): Error | null => {
    if (failure === null && stream.errored) failure = fileError(stream.errored, 'write', shown);
    if (failure === null && stream.destroyed && !stream.writableFinished)
      failure = new FileError(`cannot write "${shown}": the file was closed before the end`);
    return failure;
  };
  let buffer = '';
  const flush = (): boolean => {
    const ok = stream.write(buffer);
    buffer = '';
    return ok;
  };
  let closing: Promise<void> | null = null;
  return {
    write(line) {
      if (failure !== null || stream.errored !== null || stream.writableEnded || stream.destroyed)
        throw failed() ?? new FileError(`cannot write "${shown}": it is closed`);
      buffer += line + '\n';
      return buffer.length >= WRITE_CHUNK ? flush() : true;
    },
    drained() {
      if (failed() || !stream.writableNeedDrain) return Promise.resolve();
      return new Promise((resolve) => {
        const done = () => {
          stream.off('drain', done);
          stream.off('close', done);
          resolve();
        };
        stream.on('drain', done);
        stream.on('close', done);
      });
    },
    close() {
      closing ??= (async () => {
        if (!failed()) {
          if (buffer.length > 0) flush();
          stream.end();
          try {
            await finished(stream);
          } catch (error) {
            failure ??= fileError(error, 'write', shown);
          }
        }
        stream.destroy();
        const error = failed();
        if (error) throw error;
      })();
      return closing;
    },
  };
}
