import { createReadStream, createWriteStream, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { LineWriter, OperatorIO } from '@rivulet/operators';

/** Longest line kept; the rest of a longer line is dropped (the line then fails to parse). */
export const MAX_LINE_CHARS = 1 << 20;
const READ_CHUNK = 1 << 20;
const WRITE_CHUNK = 1 << 16;
const WRITE_HIGH_WATER = 1 << 22;

/** Reads a file as chunks of lines, splitting on \n; a final line without \n is kept. */
export async function* readLines(path: string): AsyncIterable<string[]> {
  const stream = createReadStream(path, { encoding: 'utf8', highWaterMark: READ_CHUNK });
  let carry = '';
  let skipping = false;
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
  if (carry.length > 0 && !skipping) yield [carry];
}

/** A buffered line writer with a high-water mark, for backpressure. */
export function openWriter(path: string): LineWriter {
  mkdirSync(dirname(path), { recursive: true });
  const stream = createWriteStream(path, { highWaterMark: WRITE_HIGH_WATER });
  let failure: Error | null = null;
  stream.on('error', (error) => (failure = error));
  let buffer = '';
  const flush = (): boolean => {
    const ok = stream.write(buffer);
    buffer = '';
    return ok;
  };
  return {
    write(line) {
      if (failure) throw failure;
      buffer += line + '\n';
      return buffer.length >= WRITE_CHUNK ? flush() : true;
    },
    drained() {
      if (failure) return Promise.reject(failure);
      if (!stream.writableNeedDrain) return Promise.resolve();
      return new Promise((resolve, reject) => {
        stream.once('drain', resolve);
        stream.once('error', reject);
      });
    },
    close() {
      if (buffer.length > 0) flush();
      return new Promise<void>((resolve, reject) => {
        if (failure) return reject(failure);
        stream.once('error', reject);
        stream.end(() => (failure ? reject(failure) : resolve()));
      });
    },
  };
}

export const nodeIO = (
  print: (line: string) => void = (line) => process.stdout.write(line + '\n'),
): OperatorIO => ({
  readLines,
  openWriter,
  print,
});
