import {
  close as closeFd,
  constants,
  createWriteStream,
  fstat,
  fsync,
  ftruncate,
  mkdir,
  open,
  read,
  readSync,
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
import type {
  LineChunk,
  LineWriter,
  OpenWriterOptions,
  OperatorIO,
  ReadLinesOptions,
} from '@rivulet/operators';
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
    readLines: (path, options) =>
      linesOf(path, place, options?.fromByte, READ_CHUNK, options?.blocks),
    openWriter: (path, options) =>
      writerOf(path, place, options?.keepBytes, options?.append === true),
    print,
  };
}

/**
 * Reads a file as chunks of lines, splitting on \n; a final line without \n is kept.
 * `readBytes` is the size of each read (tests make it small, to cross reads often).
 */
export function readLines(
  path: string,
  options?: ReadLinesOptions & { readBytes?: number },
): AsyncIterable<LineChunk> {
  return linesOf(path, unconfined, options?.fromByte, options?.readBytes, options?.blocks);
}

/** A buffered line writer with a high-water mark, for backpressure. */
export function openWriter(path: string, options?: OpenWriterOptions): LineWriter {
  return writerOf(path, unconfined, options?.keepBytes);
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
  /**
   * Empties (or creates) the file; with `keep` > 0 keeps that many bytes, opened to append;
   * with `append`, keeps it all (creating it if need be), opened to append.
   */
  openForWriting(path: string, keep: number, append?: boolean): Promise<number>;
  /** The path as an error may show it. */
  shown(path: string): string;
}

const fsOpen = promisify(open);
const fsClose = promisify(closeFd);
const fsRead = promisify(read);
const fsFstat = promisify(fstat);
const fsTruncate = promisify(ftruncate);
const fsSync = promisify(fsync);
const fsMkdir = promisify(mkdir);
const fsRealpath = promisify(realpath);

const unconfined: Place = {
  openForReading: (path) => fsOpen(path, 'r'),
  async openForWriting(path, keep, append) {
    if (append) return fsOpen(path, 'a');
    if (keep > 0) {
      const fd = await openKept(path, keep, path, (flags) => fsOpen(path, flags));
      await keepPrefix(fd, keep, path);
      return fd;
    }
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
  const { O_RDONLY, O_WRONLY, O_APPEND, O_CREAT, O_EXCL, O_NOFOLLOW, O_NONBLOCK } = constants;
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
    async openForWriting(path, keep, append) {
      if (append) {
        await makeFolders(realRoot(), dirname(path), shown(path));
        const fd = await opening(path, O_WRONLY | O_APPEND | O_CREAT | noFollow, 0o666);
        await check(fd, path);
        return fd;
      }
      if (keep > 0) {
        const fd = await openKept(path, keep, shown(path), (flags) =>
          opening(path, flags | noFollow),
        );
        await check(fd, path);
        await keepPrefix(fd, keep, shown(path));
        return fd;
      }
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

/**
 * Opens a sink's existing file to append after the `keep` bytes its checkpoint committed
 * (Flink's recoverable writer): a missing file means that output was lost.
 */
async function openKept(
  path: string,
  keep: number,
  shown: string,
  openWith: (flags: number) => Promise<number>,
): Promise<number> {
  if (!Number.isSafeInteger(keep) || keep < 0) throw new Error(`keepBytes ${keep} is not a size`);
  try {
    return await openWith(constants.O_WRONLY | constants.O_APPEND);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT')
      throw new FileError(
        `cannot write "${shown}" from its checkpoint: the file is gone, and with it the ${keep} bytes written before the checkpoint`,
        'ENOENT',
      );
    throw error;
  }
}

/** Cuts the file behind `fd` back to `keep` bytes; refuses (closing `fd`) when it is shorter. */
async function keepPrefix(fd: number, keep: number, shown: string): Promise<void> {
  const info = await fsFstat(fd);
  const why = !info.isFile()
    ? 'it is not a regular file'
    : info.size < keep
      ? `it has ${info.size} bytes, fewer than the ${keep} written before the checkpoint: that output was lost`
      : null;
  if (why !== null) {
    await fsClose(fd).catch(() => {});
    throw new FileError(`cannot write "${shown}" from its checkpoint: ${why}`);
  }
  if (info.size > keep) await fsTruncate(fd, keep);
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

/**
 * The reads of a file from byte `from`, each into a buffer of its own (the lines decoded from it
 * may keep it), through the descriptor the Place opened (and checked). In a regular file,
 * `readAhead()` starts the next read at once, so that it is done while the lines of the last
 * one are worked on, and `seek(byte)` moves the next read (into what was read ahead, or past
 * it); a pipe is read as it comes, one read at a time.
 *
 * `inThread`: a regular file is read by the calling thread itself, not by libuv's thread pool
 * (no read ahead then). For the readers of a run in parallel: every core is busy with a worker,
 * and a read handed to the pool waited for one (q5 at parallelism 2: the workers' idle time, in
 * waits of 1 to 5 ms, fell from 109 to 47 ms a run).
 */
function readsOf(path: string, place: Place, from: number, size: number, inThread = false) {
  let fd = -1;
  let position = from;
  let seekable = false;
  /** The next read, started ahead, and where it started. */
  let ahead: { at: number; read: Promise<Buffer> } | null = null;
  /** The last buffer given, and where it starts. */
  let last: { at: number; buffer: Buffer } = { at: 0, buffer: Buffer.alloc(0) };
  /** The size of the next read (in a regular file; then `size` again). */
  let next = size;
  const readAt = async (at: number) => {
    const n = seekable ? next : size;
    next = size;
    const buffer = Buffer.allocUnsafe(n);
    // A start further on makes a pipe's read fail (as it should).
    const bytesRead =
      inThread && seekable
        ? readSync(fd, buffer, 0, n, at)
        : (await fsRead(fd, buffer, 0, n, seekable || from > 0 ? at : null)).bytesRead;
    return bytesRead < n ? buffer.subarray(0, bytesRead) : buffer;
  };
  return {
    /** The next read takes about `bytes` (at most `size`): what the reader knows it needs. */
    nextSize(bytes: number): void {
      next = Math.max(1, Math.min(size, Math.ceil(bytes)));
    },
    seek(byte: number): boolean {
      if (!seekable) return false;
      position = byte;
      return true;
    },
    readAhead(): void {
      if (!seekable || inThread || ahead !== null) return;
      ahead = { at: position, read: readAt(position) };
      // A failure is seen when the read is taken (or not at all once the reads are closed).
      ahead.read.catch(() => {});
    },
    async *[Symbol.asyncIterator](): AsyncGenerator<Buffer> {
      fd = await place.openForReading(path);
      try {
        seekable = (await fsFstat(fd)).isFile();
        for (;;) {
          // The read ahead serves a seek into what it reads; it is waited for in any case (it
          // uses the descriptor). A seek into the rest of the last read is served by it.
          let buffer = ahead === null ? null : await ahead.read;
          const offset = ahead === null ? 0 : position - ahead.at;
          ahead = null;
          const intoLast = position - last.at;
          buffer =
            buffer !== null && offset >= 0 && offset < buffer.length
              ? buffer.subarray(offset)
              : intoLast > 0 && intoLast < last.buffer.length
                ? last.buffer.subarray(intoLast)
                : await readAt(position);
          if (buffer.length === 0) return;
          last = { at: position, buffer };
          position += buffer.length;
          yield buffer;
        }
      } finally {
        // A read still going on uses the descriptor: it is closed after it.
        if (ahead !== null) await ahead.read.catch(() => {});
        await fsClose(fd);
      }
    },
  };
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

/**
 * Lines of a file from byte `from` (the start of a line), in chunks as read. The bytes are
 * split at their newlines before decoding (a \n byte is never part of a multi-byte UTF-8
 * character), so each chunk knows where its lines end in the file: `endByte` after the last
 * one, and `byteAfter(i)`, found by scanning the chunk's bytes again only when asked.
 * A line longer than MAX_LINE_CHARS keeps its first MAX_LINE_CHARS characters; the rest of it
 * is skipped as it is read, and the line comes out once its newline is found.
 */
async function* linesOf(
  path: string,
  place: Place,
  from = 0,
  readBytes = READ_CHUNK,
  blocks?: ReadLinesOptions['blocks'],
): AsyncIterable<LineChunk> {
  if (!Number.isSafeInteger(from) || from < 0) throw new Error(`fromByte ${from} is not a size`);
  const reads = readsOf(path, place, from, readBytes, blocks !== undefined);
  /** File offset of the read's first byte. */
  let base = from;
  /** The start of a line begun in earlier reads, without its newline yet. */
  let carry: Buffer | null = null;
  /** Lines yielded so far, and whether their block is this reader's (only when reading blocks). */
  let lineNo = 0;
  let own = false;
  /** A line over the cap: its first MAX_LINE_CHARS characters, its rest being skipped. */
  let cut: string | null = null;
  /** Lines passed over by going straight to a block claimed by another reader, and where. */
  let skipped: LineChunk['skipped'];
  try {
    for await (const read of reads) {
      const first = read.indexOf(10);
      if (first < 0) {
        if (cut === null) {
          carry = carry === null ? read : Buffer.concat([carry, read]);
          // Over MAX_LINE_CHARS bytes it may still be fewer characters: decode to see.
          if (carry.length > MAX_LINE_CHARS) {
            const text = carry.toString('utf8');
            if (text.length > MAX_LINE_CHARS) {
              cut = text.slice(0, MAX_LINE_CHARS);
              carry = null;
            }
          }
        }
        base += read.length;
        continue;
      }
      const firstStart = carriedFrom();
      const passed = skipped;
      skipped = undefined;
      const lines: string[] = [firstLine(read.subarray(0, first))];
      const last = read.lastIndexOf(10);
      /** Where this read is left, to go straight to a block claimed by another (-1: not). */
      let leftAt = -1;
      if (blocks !== undefined) {
        // In parallel: the lines of other readers' blocks are found, not decoded. The read's
        // first line is decoded in any case; its block is claimed here if it starts one.
        if (lineNo % blocks.size === 0) own = blocks.claim(lineNo / blocks.size, firstStart);
        lineNo++;
        if (last > first) leftAt = ownLines(read, first + 1, last, lines, blocks);
      } else if (last > first) {
        const text = read.toString('utf8', first + 1, last);
        let start = 0;
        for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
          lines.push(text.slice(start, nl));
          start = nl + 1;
        }
        lines.push(text.slice(start));
      }
      carry = leftAt < 0 && last + 1 < read.length ? read.subarray(last + 1) : null;
      const chunk = positioned(lines, leftAt < 0 ? read : read.subarray(0, leftAt), base, first);
      reads.readAhead();
      yield passed === undefined ? chunk : Object.assign(chunk, { skipped: passed });
      base += read.length;
      // Outside a block of this reader's at the end of the read: perhaps straight on to another
      // (asked once the chunk is worked on, when the others have claimed the most).
      if (leftAt < 0 && blocks?.lastClaimed !== undefined)
        goStraight(blocks.size, blocks.lastClaimed);
      // Gone straight to a block: the next read is there.
      const going = skipped as LineChunk['skipped'];
      if (going !== undefined) {
        base = going.byte;
        carry = null;
      } else if (blocks !== undefined && own && lineNo % blocks.size !== 0 && cut === null) {
        // In the middle of a block of this reader's: the next read is about the rest of it (the
        // lines after it are likely claimed by another by then, and jumped over).
        const perLine = (base - from) / lineNo;
        reads.nextSize((blocks.size - (lineNo % blocks.size)) * perLine * 1.25 + 4096);
      }
    }
  } catch (error) {
    throw fileError(error, 'read', place.shown(path));
  }
  if (cut !== null || carry !== null) {
    // A last line without a newline may start a block: it is claimed as any other.
    if (blocks !== undefined && lineNo % blocks.size === 0)
      blocks.claim(lineNo / blocks.size, carriedFrom());
    const line = cut ?? capped(carry!.toString('utf8'));
    const endByte = base;
    yield Object.assign([line], { endByte, byteAfter: () => endByte }, skipped ? { skipped } : {});
  }

  /**
   * Outside a block of this reader's (between reads, or at the start of a block claimed by
   * another): on to the start of the last block claimed, if it lies ahead (claimed by another
   * reader, as is every block from the next line's on to it). True if going there.
   */
  function goStraight(
    size: number,
    lastClaimed: NonNullable<NonNullable<ReadLinesOptions['blocks']>['lastClaimed']>,
  ): boolean {
    if (cut !== null || (own && lineNo % size !== 0) || lineNo === 0) return false;
    const to = lastClaimed(Math.floor(lineNo / size) + 1);
    if (to === null || !reads.seek(to.at)) return false;
    skipped = { lines: to.block * size - lineNo, byte: to.at };
    lineNo = to.block * size;
    own = false;
    return true;
  }

  /** Where the line whose first bytes are carried (or that starts this read) starts; -1 if cut. */
  function carriedFrom(): number {
    return cut !== null ? -1 : base - (carry?.length ?? 0);
  }

  /**
   * The lines between `start` and `end` (a newline or the read's last one) into `lines`:
   * those of this reader's blocks decoded, a run of them at once; the others as ''. At the start
   * of a block claimed by another, the read may be left there to go straight to the last block
   * claimed: then the offset in the read where it was left, else -1.
   */
  function ownLines(
    read: Buffer,
    start: number,
    end: number,
    lines: string[],
    { size, claim, lastClaimed }: NonNullable<ReadLinesOptions['blocks']>,
  ): number {
    let runStart = -1;
    let at = start;
    for (;;) {
      const nl = at >= end ? end : read.indexOf(10, at);
      const stop = nl < 0 || nl > end ? end : nl;
      if (lineNo % size === 0) {
        own = claim(lineNo / size, base + at);
        if (!own && lastClaimed !== undefined && goStraight(size, lastClaimed)) {
          if (runStart >= 0) splitInto(read.toString('utf8', runStart, at - 1), lines);
          return at;
        }
      }
      if (own && runStart < 0) runStart = at;
      if (!own && runStart >= 0) {
        splitInto(read.toString('utf8', runStart, at - 1), lines);
        runStart = -1;
      }
      if (!own) lines.push('');
      lineNo++;
      if (stop >= end) {
        if (runStart >= 0) splitInto(read.toString('utf8', runStart, end), lines);
        return -1;
      }
      at = stop + 1;
    }
  }

  /** The line ending at this read's first newline: what was carried, and this read's start. */
  function firstLine(head: Buffer): string {
    let line: string;
    if (cut !== null) line = cut;
    else if (carry === null) line = head.toString('utf8');
    else line = capped(Buffer.concat([carry, head]).toString('utf8'));
    cut = null;
    carry = null;
    return line;
  }
}

/** The lines of a decoded run (its last without a newline), each capped, into `lines`. */
function splitInto(text: string, lines: string[]): void {
  let start = 0;
  for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
    lines.push(capped(text.slice(start, nl)));
    start = nl + 1;
  }
  lines.push(capped(text.slice(start)));
}

const capped = (line: string): string =>
  line.length > MAX_LINE_CHARS ? line.slice(0, MAX_LINE_CHARS) : line;

/**
 * The lines of one read with their places: line 0 ends at the read's first newline, line i at
 * the i-th after it. One closure per read, none per line.
 */
function positioned(lines: string[], read: Buffer, base: number, first: number): LineChunk {
  const last = lines.length - 1;
  const endByte = base + read.lastIndexOf(10) + 1;
  return Object.assign(lines, {
    endByte,
    byteAfter(index: number): number {
      if (!(index >= 0 && index <= last)) throw new RangeError(`no line ${index} in this chunk`);
      if (index === last) return endByte;
      let nl = first;
      for (let i = 0; i < index; i++) nl = read.indexOf(10, nl + 1);
      return base + nl + 1;
    },
  });
}

/**
 * A buffered line writer. The file is opened (and its folder made) in the background; an error
 * of the open or of any write is kept and thrown by the next write() or close(), so a run whose
 * file cannot be written fails, naming the sink. drained() resolves once the writer has failed
 * (its buffer is gone): the engine names the node for errors of write() and close().
 */
function writerOf(path: string, place: Place, keep = 0, append = false): LineWriter {
  const shown = place.shown(path);
  /** The descriptor once opened (for fsync). */
  let fd = -1;
  const stream = createWriteStream(path, {
    highWaterMark: WRITE_HIGH_WATER,
    fs: viaOpen(async (p) => (fd = await place.openForWriting(p, keep, append))) as never,
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
  /** Bytes kept and handed to the stream; the buffer's are counted when it is handed over. */
  let handed = keep;
  const handOver = (): boolean => {
    handed += Buffer.byteLength(buffer);
    const ok = stream.write(buffer);
    buffer = '';
    return ok;
  };
  let closing: Promise<void> | null = null;
  let syncing: Promise<void> | null = null;
  /** Resolves once every byte handed to the stream is in the file, and fsync'd. */
  const sync = async (): Promise<void> => {
    await new Promise<void>((resolve, reject) =>
      // Writes complete in order: this empty one's callback comes after all before it.
      stream.write('', (error) => (error ? reject(fileError(error, 'write', shown)) : resolve())),
    );
    await fsSync(fd).catch((error: NodeJS.ErrnoException) => {
      // A pipe or a terminal (the CLI's /dev/stdout) has nothing to sync.
      if (error.code === 'EINVAL' || error.code === 'ENOTSUP') return;
      throw (failure ??= fileError(error, 'write', shown));
    });
  };
  return {
    write(line) {
      if (failure !== null || stream.errored !== null || stream.writableEnded || stream.destroyed)
        throw failed() ?? new FileError(`cannot write "${shown}": it is closed`);
      buffer += line + '\n';
      return buffer.length >= WRITE_CHUNK ? handOver() : true;
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
    bytes() {
      return buffer.length === 0 ? handed : handed + Buffer.byteLength(buffer);
    },
    flush() {
      if (closing !== null) return closing;
      const error = failed();
      if (error) return Promise.reject(error);
      if (buffer.length > 0) handOver();
      const done = (syncing ?? Promise.resolve()).catch(() => {}).then(sync);
      syncing = done;
      return done;
    },
    close() {
      closing ??= (async () => {
        // An fsync must not meet a closed (or reused) descriptor.
        await syncing?.catch(() => {});
        if (!failed()) {
          if (buffer.length > 0) handOver();
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
