/**
 * An in-memory OperatorIO for source and sink tests, with the byte positions the engine's io
 * gives (UTF-8 offsets of line ends) and its writer's keepBytes, bytes() and flush().
 */

import type { LineChunk, LineWriter, OperatorIO } from '../runtime.js';

export interface MemoryIOOptions {
  /** Lines per chunk read, taken in turn (default: 3). */
  chunkLines?: readonly number[];
  /** Awaited before each chunk is handed out: a test holds a read pending with it. */
  beforeChunk?: () => Promise<void>;
}

export interface MemoryIO extends OperatorIO {
  /** The files by path, as text; a writer writes through (as to the OS), a flush counts. */
  readonly files: Map<string, string>;
  /** Calls of flush() that resolved, by path. */
  readonly flushes: Map<string, number>;
  /** Lines printed (sink.console). */
  readonly printed: string[];
}

/** UTF-8 length of a string (a lone surrogate is written as U+FFFD, 3 bytes, as Node does). */
export function utf8Length(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c < 0xdc00 && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d < 0xe000) {
        n += 4;
        i++;
      } else n += 3;
    } else n += 3;
  }
  return n;
}

/** The first `bytes` bytes of a text, which must end between two characters. */
function prefixOf(text: string, bytes: number): string {
  let n = 0;
  let i = 0;
  while (n < bytes && i < text.length) {
    const pair = text.charCodeAt(i) >= 0xd800 && text.charCodeAt(i) < 0xdc00;
    const step = pair ? 2 : 1;
    n += utf8Length(text.slice(i, i + step));
    i += step;
  }
  if (n !== bytes) throw new Error(`byte ${bytes} is not between two characters`);
  return text.slice(0, i);
}

export function memoryIO(
  initial: Record<string, string> = {},
  options: MemoryIOOptions = {},
): MemoryIO {
  const files = new Map(Object.entries(initial));
  const flushes = new Map<string, number>();
  const printed: string[] = [];
  const chunkLines = options.chunkLines ?? [3];

  async function* readLines(path: string, from = 0): AsyncIterable<LineChunk> {
    await Promise.resolve();
    const text = files.get(path);
    if (text === undefined) throw new Error(`cannot read "${path}": there is no such file`);
    const lines = text.split('\n');
    if (lines[lines.length - 1] === '') lines.pop();
    const ends: number[] = [];
    let at = 0;
    for (let i = 0; i < lines.length; i++) {
      at += utf8Length(lines[i]!) + (i < lines.length - 1 || text.endsWith('\n') ? 1 : 0);
      ends.push(at);
    }
    let first = 0;
    while (first < lines.length && (first === 0 ? 0 : ends[first - 1]!) < from) first++;
    if ((first === 0 ? 0 : ends[first - 1]!) !== from && from !== at)
      throw new Error(`byte ${from} of "${path}" is not the start of a line`);
    for (let i = first, turn = 0; i < lines.length; turn++) {
      const n = Math.max(1, chunkLines[turn % chunkLines.length]!);
      const start = i;
      const end = Math.min(lines.length, i + n);
      i = end;
      await options.beforeChunk?.();
      yield Object.assign(lines.slice(start, end), {
        endByte: ends[end - 1]!,
        byteAfter: (index: number) => ends[start + index]!,
      });
    }
  }

  function openWriter(path: string, writerOptions?: { keepBytes?: number }): LineWriter {
    const keep = writerOptions?.keepBytes ?? 0;
    const existing = files.get(path);
    if (keep > 0 && (existing === undefined || utf8Length(existing) < keep))
      throw new Error(`cannot write "${path}" from its checkpoint: that output was lost`);
    files.set(path, keep > 0 ? prefixOf(existing!, keep) : '');
    let bytes = keep;
    let closed = false;
    const append = (line: string) => files.set(path, files.get(path)! + line + '\n');
    return {
      write(line) {
        if (closed) throw new Error(`cannot write "${path}": it is closed`);
        append(line);
        bytes += utf8Length(line) + 1;
        return true;
      },
      drained: () => Promise.resolve(),
      bytes: () => bytes,
      async flush() {
        await Promise.resolve();
        flushes.set(path, (flushes.get(path) ?? 0) + 1);
      },
      async close() {
        closed = true;
        await Promise.resolve();
      },
    };
  }

  return {
    files,
    flushes,
    printed,
    readLines: (path, readOptions) => readLines(path, readOptions?.fromByte),
    openWriter,
    print: (line) => void printed.push(line),
  };
}
