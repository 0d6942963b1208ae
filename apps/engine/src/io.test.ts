import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import type { LineChunk } from '@rivulet/operators';
import { describe, expect, it } from 'vitest';
import { MAX_LINE_CHARS, nodeIO, openWriter, readLines } from './io.js';
import { SourceBlocks } from './parallel/blocks.js';
import { confinedTo } from './paths.js';
import { tempDir } from './test-support/files.js';

async function readAll(lines: AsyncIterable<string[]>): Promise<string[]> {
  const all: string[] = [];
  for await (const chunk of lines) all.push(...chunk);
  return all;
}

/** A data folder `files/` (the confinement) beside a folder outside it with a secret. */
function layout() {
  const base = realpathSync(tempDir());
  const files = join(base, 'files');
  const outside = join(base, 'outside');
  mkdirSync(join(files, 'sub'), { recursive: true });
  mkdirSync(outside);
  writeFileSync(join(files, 'in.jsonl'), '{"a":1}\n{"a":2}\n');
  writeFileSync(join(files, 'sub', 'in.jsonl'), '{"inside":true}\n');
  writeFileSync(join(outside, 'in.jsonl'), '{"secret":true}\n');
  writeFileSync(join(outside, 'out.jsonl'), 'precious\n');
  const check = confinedTo(files);
  const checked = (path: string) => {
    const result = check(path);
    if (!result.ok) throw new Error(result.reason);
    return result.path;
  };
  return { base, files, outside, checked, io: nodeIO({ root: files, print: () => {} }) };
}

/** What a file's lines are, decoded whole, and the offset after each line's newline. */
function model(bytes: Buffer): { lines: string[]; ends: number[] } {
  const lines: string[] = [];
  const ends: number[] = [];
  let start = 0;
  while (start < bytes.length) {
    const nl = bytes.indexOf(10, start);
    const end = nl < 0 ? bytes.length : nl;
    const line = bytes.toString('utf8', start, end);
    lines.push(line.length > MAX_LINE_CHARS ? line.slice(0, MAX_LINE_CHARS) : line);
    start = nl < 0 ? bytes.length : nl + 1;
    ends.push(start);
  }
  return { lines, ends };
}

/** Every line read, with the offset after it as its chunk says (by endByte and byteAfter). */
async function readPlaced(chunks: AsyncIterable<LineChunk>) {
  const lines: string[] = [];
  const ends: number[] = [];
  for await (const chunk of chunks) {
    chunk.forEach((line, i) => {
      lines.push(line);
      ends.push(chunk.byteAfter!(i));
    });
    expect(chunk.endByte).toBe(ends[ends.length - 1]);
  }
  return { lines, ends };
}

/** Bytes of lines: ASCII, 2-, 3- and 4-byte characters, CR, blank lines, invalid UTF-8. */
const content = fc
  .array(
    fc.constantFrom<number[][]>(
      [0x61],
      [0x7b, 0x7d],
      [0x0a],
      [0x0a, 0x0a],
      [0x0d, 0x0a],
      [0xc3, 0xa9], // é
      [0xe2, 0x82, 0xac], // €
      [0xf0, 0x9f, 0x98, 0x80], // 😀
      [0xff], // never UTF-8
      [0xe2, 0x82], // € cut short
    ),
    { maxLength: 60 },
  )
  .map((parts) => Buffer.from(parts.flat()));

describe('reading lines with their places in the file', () => {
  it('gives the lines of a whole decode and the byte after each, across any read size', async () => {
    const dir = tempDir();
    let n = 0;
    await fc.assert(
      fc.asyncProperty(content, fc.integer({ min: 1, max: 9 }), async (bytes, readBytes) => {
        const path = join(dir, `f${n++}`);
        writeFileSync(path, bytes);
        expect(await readPlaced(readLines(path, { readBytes }))).toEqual(model(bytes));
      }),
      { numRuns: 300 },
    );
  });

  it("in blocks: every line counted, this reader's decoded as a whole decode gives them", async () => {
    const dir = tempDir();
    let n = 0;
    await fc.assert(
      fc.asyncProperty(
        content,
        fc.integer({ min: 1, max: 9 }),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 3 }),
        fc.nat(),
        async (bytes, readBytes, size, count, pick) => {
          const index = pick % count;
          const path = join(dir, `b${n++}`);
          writeFileSync(path, bytes);
          const all = model(bytes).lines;
          const { lines } = await readPlaced(
            readLines(path, { readBytes, blocks: { size, claim: (b) => b % count === index } }),
          );
          // Every line is there; this reader's as decoded, and the first (a CSV header, for
          // every reader); another's as '' (or decoded, when it spans two reads or ends the file).
          expect(lines).toHaveLength(all.length);
          all.forEach((line, i) => {
            if (i === 0 || Math.floor(i / size) % count === index) expect(lines[i]).toBe(line);
            else expect(['', line]).toContain(lines[i]);
          });
        },
      ),
      { numRuns: 300 },
    );
  });

  it('in blocks, readers taking turns and going straight to the last block claimed: each line read once, at its number', async () => {
    const dir = tempDir();
    let n = 0;
    await fc.assert(
      fc.asyncProperty(
        content,
        fc.integer({ min: 1, max: 9 }),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 3 }),
        fc.array(fc.nat(), { maxLength: 200 }),
        async (bytes, readBytes, size, count, turns) => {
          const path = join(dir, `s${n++}`);
          writeFileSync(path, bytes);
          const { lines: all, ends } = model(bytes);
          const startOf = (line: number) => (line === 0 ? 0 : ends[line - 1]!);
          const shared = new SourceBlocks(SourceBlocks.memory());
          const readers = Array.from({ length: count }, () => {
            const mine = new Set<number>();
            const chunks = readLines(path, {
              readBytes,
              blocks: {
                size,
                claim(block, at) {
                  if (at >= 0) expect(at).toBe(startOf(block * size));
                  const won = shared.claim(block, at);
                  if (won) mine.add(block);
                  return won;
                },
                lastClaimed: (from) => shared.lastClaimed(from),
              },
            })[Symbol.asyncIterator]();
            return { mine, chunks, line: 0, done: false, seen: new Set<number>() };
          });
          // Turns as drawn, then round and round until every reader is done.
          for (let turn = 0; readers.some((r) => !r.done); turn++) {
            const reader = readers[(turns[turn] ?? turn) % count]!;
            if (reader.done) continue;
            const next = await reader.chunks.next();
            if (next.done) {
              reader.done = true;
              continue;
            }
            const chunk = next.value;
            if (chunk.skipped) {
              reader.line += chunk.skipped.lines;
              expect(chunk.skipped.byte).toBe(startOf(reader.line));
            }
            chunk.forEach((text, i) => {
              const line = reader.line + i;
              expect(chunk.byteAfter!(i)).toBe(ends[line]);
              reader.seen.add(line);
              if (line === 0 || reader.mine.has(Math.floor(line / size)))
                expect(text).toBe(all[line]);
            });
            reader.line += chunk.length;
          }
          // Every reader counted every line and saw every line of its blocks; every block was
          // claimed by exactly one reader.
          for (const reader of readers) {
            expect(reader.line).toBe(all.length);
            all.forEach((_, line) => {
              if (reader.mine.has(Math.floor(line / size))) expect(reader.seen).toContain(line);
            });
          }
          const claimed = readers.flatMap((r) => [...r.mine]).sort((a, b) => a - b);
          expect(claimed).toEqual(
            Array.from({ length: Math.ceil(all.length / size) }, (_, b) => b),
          );
        },
      ),
      { numRuns: 300 },
    );
  });

  it('reads on from the start of any line as the rest of one read', async () => {
    const dir = tempDir();
    let n = 0;
    await fc.assert(
      fc.asyncProperty(
        content,
        fc.nat(),
        fc.integer({ min: 1, max: 9 }),
        async (bytes, pick, readBytes) => {
          const path = join(dir, `f${n++}`);
          writeFileSync(path, bytes);
          const whole = model(bytes);
          const from = pick % (whole.lines.length + 1);
          const fromByte = from === 0 ? 0 : whole.ends[from - 1]!;
          expect(await readPlaced(readLines(path, { fromByte, readBytes }))).toEqual({
            lines: whole.lines.slice(from),
            ends: whole.ends.slice(from),
          });
        },
      ),
      { numRuns: 300 },
    );
  });

  it('keeps the first MAX_LINE_CHARS characters of a longer line, and its place', async () => {
    const path = join(tempDir(), 'long.jsonl');
    // 2-byte characters over three reads; then a line of 4-byte ones with no newline.
    const long = 'é'.repeat(MAX_LINE_CHARS + 10);
    const astral = '😀'.repeat(MAX_LINE_CHARS);
    writeFileSync(
      path,
      `{"a":1}
${long}
{"b":2}
${astral}`,
    );
    const longBytes = Buffer.byteLength(long);
    for (const readBytes of [undefined, 1 << 19]) {
      const read = await readPlaced(readLines(path, { readBytes }));
      expect(read.lines.map((l) => l.length)).toEqual([7, MAX_LINE_CHARS, 7, MAX_LINE_CHARS]);
      expect(read.lines[1]).toBe(long.slice(0, MAX_LINE_CHARS));
      expect(read.lines[3]).toBe(astral.slice(0, MAX_LINE_CHARS));
      expect(read.ends).toEqual([
        8,
        8 + longBytes + 1,
        8 + longBytes + 9,
        8 + longBytes + 9 + Buffer.byteLength(astral),
      ]);
    }
    const after = await readPlaced(readLines(path, { fromByte: 8 + longBytes + 1 }));
    expect(after.lines[0]).toBe('{"b":2}');
  });
});

describe('a writer that keeps the bytes of a checkpoint', () => {
  it('cuts the file back to them and appends; counts and flushes every byte', async () => {
    const path = join(tempDir(), 'out.jsonl');
    const first = openWriter(path);
    first.write('{"a":"é"}');
    expect(first.bytes()).toBe(11);
    await first.flush();
    expect(readFileSync(path, 'utf8')).toBe('{"a":"é"}\n');
    first.write('{"lost":1}');
    await first.close();
    const again = openWriter(path, { keepBytes: 11 });
    expect(again.bytes()).toBe(11);
    again.write('{"b":2}');
    expect(again.bytes()).toBe(19);
    await again.flush();
    expect(readFileSync(path, 'utf8')).toBe('{"a":"é"}\n{"b":2}\n');
    again.write('{"c":3}');
    await again.close();
    expect(readFileSync(path, 'utf8')).toBe('{"a":"é"}\n{"b":2}\n{"c":3}\n');
  });

  it('refuses a file shorter than the bytes kept, or gone, leaving it alone', async () => {
    const path = join(tempDir(), 'out.jsonl');
    writeFileSync(path, '{"a":1}\n');
    const short = openWriter(path, { keepBytes: 100 });
    await expect(short.flush()).rejects.toThrow(
      /out\.jsonl" from its checkpoint: it has 8 bytes, fewer than the 100 .* that output was lost/,
    );
    await expect(short.close()).rejects.toThrow(/that output was lost/);
    expect(readFileSync(path, 'utf8')).toBe('{"a":1}\n');
    const gone = openWriter(join(tempDir(), 'gone.jsonl'), { keepBytes: 1 });
    await expect(gone.close()).rejects.toThrow(/the file is gone/);
  });

  it('writes a flush through to a pipe, where there is nothing to fsync', async () => {
    const dir = tempDir();
    const fifo = join(dir, 'pipe');
    try {
      execFileSync('mkfifo', [fifo]);
    } catch {
      return; // no mkfifo here: nothing to test
    }
    const reading = readAllOf(readLines(fifo));
    const writer = openWriter(fifo);
    writer.write('{"a":1}');
    await writer.flush();
    await writer.close();
    expect(await reading).toEqual(['{"a":1}']);
  });
});

async function readAllOf(lines: AsyncIterable<string[]>): Promise<string[]> {
  const all: string[] = [];
  for await (const chunk of lines) all.push(...chunk);
  return all;
}

describe('a writer whose file cannot be written', () => {
  it('fails on close when the path is a folder, even closed at once', async () => {
    const dir = tempDir();
    const writer = openWriter(dir);
    expect(writer.write('{"a":1}')).toBe(true);
    await expect(writer.close()).rejects.toThrow(/is a folder, not a file/);
  });

  it('fails on the next write once the open has failed, and again on close', async () => {
    const dir = tempDir();
    const writer = openWriter(dir);
    await writer.drained(); // resolves: nothing is buffered (and a failed writer has no buffer)
    // The open error arrives on a later tick; wait for it without sleeping.
    await expect(
      (async () => {
        for (;;) {
          writer.write('x');
          await new Promise((resolve) => setImmediate(resolve));
        }
      })(),
    ).rejects.toThrow(/cannot write .*is a folder/);
    await expect(writer.close()).rejects.toThrow(/is a folder/);
  });

  it.skipIf(!existsSync('/dev/full'))('fails when the disk is full (/dev/full)', async () => {
    const writer = openWriter('/dev/full');
    for (let i = 0; i < 10_000; i++) writer.write('{"some":"record"}');
    await writer.drained();
    await expect(writer.close()).rejects.toThrow(/the disk is full/);
  });

  it('fails when a folder on the way is a file', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'file'), '');
    const writer = openWriter(join(dir, 'file', 'out.jsonl'));
    await expect(writer.close()).rejects.toThrow(/a folder on the way is a file/);
  });

  it('writes and closes normally', async () => {
    const path = join(tempDir(), 'deep', 'out.jsonl');
    const writer = openWriter(path);
    for (let i = 0; i < 5; i++) writer.write(`{"i":${i}}`);
    await writer.close();
    expect(readFileSync(path, 'utf8')).toBe([0, 1, 2, 3, 4].map((i) => `{"i":${i}}\n`).join(''));
    expect(() => writer.write('late')).toThrow(/closed/);
  });
});

describe('nodeIO confined to a root', () => {
  it('reads and writes files inside, replacing a sink file', async () => {
    const { files, checked, io } = layout();
    expect(await readAll(io.readLines(checked('in.jsonl')))).toEqual(['{"a":1}', '{"a":2}']);
    writeFileSync(join(files, 'sub', 'out.jsonl'), 'an older and longer content\n');
    const writer = io.openWriter(checked('sub/out.jsonl'));
    writer.write('{"b":1}');
    await writer.close();
    expect(readFileSync(join(files, 'sub', 'out.jsonl'), 'utf8')).toBe('{"b":1}\n');
    const fresh = io.openWriter(checked('new/folder/out.jsonl'));
    fresh.write('{"c":1}');
    await fresh.close();
    expect(readFileSync(join(files, 'new', 'folder', 'out.jsonl'), 'utf8')).toBe('{"c":1}\n');
  });

  it('refuses a file swapped for a symlink after the check (source)', async () => {
    const { files, outside, checked, io } = layout();
    const path = checked('in.jsonl');
    rmSync(join(files, 'in.jsonl'));
    symlinkSync(join(outside, 'in.jsonl'), join(files, 'in.jsonl'));
    await expect(readAll(io.readLines(path))).rejects.toThrow(
      /"in\.jsonl" is a symbolic link: the server does not follow links/,
    );
  });

  it('refuses a file swapped for a symlink after the check (sink), leaving the target alone', async () => {
    const { files, outside, checked, io } = layout();
    writeFileSync(join(files, 'out.jsonl'), '');
    const path = checked('out.jsonl');
    rmSync(join(files, 'out.jsonl'));
    symlinkSync(join(outside, 'out.jsonl'), join(files, 'out.jsonl'));
    const writer = io.openWriter(path);
    writer.write('{"overwrite":true}');
    await expect(writer.close()).rejects.toThrow(/is a symbolic link/);
    expect(readFileSync(join(outside, 'out.jsonl'), 'utf8')).toBe('precious\n');
  });

  it('refuses a folder on the way swapped for a link to outside, without truncating', async () => {
    const { files, outside, checked, io } = layout();
    const source = checked('sub/in.jsonl');
    writeFileSync(join(files, 'sub', 'out.jsonl'), '');
    const sink = checked('sub/out.jsonl');
    renameSync(join(files, 'sub'), join(files, 'moved'));
    symlinkSync(outside, join(files, 'sub'));
    await expect(readAll(io.readLines(source))).rejects.toThrow(/leads outside the data directory/);
    const writer = io.openWriter(sink);
    writer.write('{"overwrite":true}');
    await expect(writer.close()).rejects.toThrow(/leads outside the data directory/);
    expect(readFileSync(join(outside, 'out.jsonl'), 'utf8')).toBe('precious\n');
  });

  it('refuses a folder where a file was checked, for sources and sinks', async () => {
    const { files, checked, io } = layout();
    const path = checked('later.jsonl');
    mkdirSync(join(files, 'later.jsonl'));
    await expect(readAll(io.readLines(path))).rejects.toThrow(/"later\.jsonl".* is a folder/);
    const writer = io.openWriter(path);
    await expect(writer.close()).rejects.toThrow(/"later\.jsonl".* is a folder/);
  });

  it('refuses a FIFO without hanging', async () => {
    const { files, io } = layout();
    const fifo = join(files, 'pipe');
    try {
      execFileSync('mkfifo', [fifo]);
    } catch {
      return; // no mkfifo here: nothing to test
    }
    await expect(readAll(io.readLines(fifo))).rejects.toThrow(/not a regular file/);
    await expect(io.openWriter(fifo).close()).rejects.toThrow(/not a regular file/);
  });

  it('names a missing file relative to the root, never by its absolute path', async () => {
    const { base, checked, io } = layout();
    const error = await readAll(io.readLines(checked('nope/missing.jsonl'))).catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toBe(
      'cannot read "nope/missing.jsonl": there is no such file',
    );
    expect((error as Error).message).not.toContain(base);
  });

  it('keeps the bytes of a checkpoint of a file inside, and reads on from a line', async () => {
    const { files, checked, io } = layout();
    writeFileSync(join(files, 'out.jsonl'), '{"a":1}\n{"torn":');
    const writer = io.openWriter(checked('out.jsonl'), { keepBytes: 8 });
    writer.write('{"b":2}');
    await writer.close();
    expect(readFileSync(join(files, 'out.jsonl'), 'utf8')).toBe('{"a":1}\n{"b":2}\n');
    expect(await readAll(io.readLines(checked('out.jsonl'), { fromByte: 8 }))).toEqual(['{"b":2}']);
  });

  it('refuses to keep bytes of a symlink, of a file outside, or of a short file', async () => {
    const { files, outside, checked, io } = layout();
    writeFileSync(join(files, 'out.jsonl'), 'precious\n');
    const path = checked('out.jsonl');
    rmSync(join(files, 'out.jsonl'));
    symlinkSync(join(outside, 'out.jsonl'), join(files, 'out.jsonl'));
    await expect(io.openWriter(path, { keepBytes: 3 }).close()).rejects.toThrow(
      /is a symbolic link/,
    );
    writeFileSync(join(files, 'sub', 'out.jsonl'), 'inside\n');
    const sub = checked('sub/out.jsonl');
    renameSync(join(files, 'sub'), join(files, 'moved'));
    symlinkSync(outside, join(files, 'sub'));
    await expect(io.openWriter(sub, { keepBytes: 3 }).close()).rejects.toThrow(
      /leads outside the data directory/,
    );
    expect(readFileSync(join(outside, 'out.jsonl'), 'utf8')).toBe('precious\n');
    await expect(io.openWriter(checked('in.jsonl'), { keepBytes: 1000 }).close()).rejects.toThrow(
      /"in\.jsonl" from its checkpoint: it has 16 bytes, fewer than the 1000/,
    );
    expect(readFileSync(join(files, 'in.jsonl'), 'utf8')).toBe('{"a":1}\n{"a":2}\n');
  });

  it('is built from plain data, as a worker thread receives it', () => {
    const { files } = layout();
    const io = nodeIO(structuredClone({ root: files }));
    expect(typeof io.readLines).toBe('function');
    expect(typeof io.openWriter).toBe('function');
  });
});
