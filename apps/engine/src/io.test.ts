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
import { describe, expect, it } from 'vitest';
import { nodeIO, openWriter } from './io.js';
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

  it('is built from plain data, as a worker thread receives it', () => {
    const { files } = layout();
    const io = nodeIO(structuredClone({ root: files }));
    expect(typeof io.readLines).toBe('function');
    expect(typeof io.openWriter).toBe('function');
  });
});
