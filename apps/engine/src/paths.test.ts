import { execFileSync } from 'node:child_process';
import { mkdirSync, realpathSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { confinedTo, redactPaths, relativeTo } from './paths.js';
import { tempDir } from './test-support/files.js';

describe('confinedTo', () => {
  const root = realpathSync(tempDir());
  mkdirSync(join(root, 'folder', 'deeper'), { recursive: true });
  writeFileSync(join(root, 'folder', 'in.jsonl'), '{}\n');
  writeFileSync(join(root, 'plain'), '');
  const check = confinedTo(root);

  it.each([
    ['folder', /"folder" is a folder, not a file/],
    ['folder/deeper/', /is a folder, not a file/],
    ['.', /is a folder, not a file/],
    ['plain/out.jsonl', /goes through a file as if it were a folder/],
  ])('refuses %s', (path, reason) => {
    expect(check(path)).toEqual({ ok: false, reason: expect.stringMatching(reason) });
  });

  it('refuses a FIFO', () => {
    try {
      execFileSync('mkfifo', [join(root, 'fifo')]);
    } catch {
      return; // no mkfifo here
    }
    expect(check('fifo')).toEqual({ ok: false, reason: expect.stringMatching(/not a regular/) });
  });

  it('accepts a file, and a file not there yet', () => {
    expect(check('folder/in.jsonl')).toEqual({ ok: true, path: join(root, 'folder', 'in.jsonl') });
    expect(check('folder/new/out.jsonl')).toEqual({
      ok: true,
      path: join(root, 'folder', 'new', 'out.jsonl'),
    });
  });
});

describe('relativeTo (the CLI)', () => {
  it('refuses a folder, accepts a file or a path not there yet', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'out'));
    const check = relativeTo(dir);
    expect(check('out')).toEqual({ ok: false, reason: '"out" is a folder, not a file' });
    expect(check('out/x.jsonl')).toEqual({ ok: true, path: join(dir, 'out', 'x.jsonl') });
  });
});

describe('redactPaths', () => {
  const data = '/srv/rivulet/data';
  it.each([
    [`cannot read "${data}/files/in/x.jsonl"`, 'cannot read "in/x.jsonl"'],
    [`ENOENT: open '${data}/files/a.jsonl'`, "ENOENT: open 'a.jsonl'"],
    [`the database ${data}/rivulet.db is locked`, 'the database <data>/rivulet.db is locked'],
    [`folder ${data}/files is missing`, 'folder <data>/files is missing'],
    [`${data} and ${data}/files/b`, '<data> and b'],
    [`${data}2/other stays`, `${data}2/other stays`],
    ['nothing to hide', 'nothing to hide'],
  ])('%s → %s', (message, redacted) => {
    expect(redactPaths(message, data)).toBe(redacted);
  });

  it('treats a trailing slash and regex characters in the data directory literally', () => {
    expect(redactPaths('/a+b/(c)/files/x and /a+b/(c)', '/a+b/(c)/')).toBe('x and <data>');
    expect(redactPaths('/aab/(c)/files/x', '/a+b/(c)')).toBe('/aab/(c)/files/x');
  });

  it('does nothing with a data directory of /', () => {
    expect(redactPaths('/etc/files/x', '/')).toBe('/etc/files/x');
  });
});
