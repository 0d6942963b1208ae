import { spawn } from 'node:child_process';
import { existsSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readJsonl, tempDir } from '../test-support/files.js';
import { main } from './main.js';

const root = fileURLToPath(new URL('../../../../', import.meta.url));
const examples = join(root, 'examples');
const bin = join(root, 'apps/engine/bin/rivulet.js');

async function cli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('rivulet CLI', () => {
  const files = readdirSync(examples).filter((f) => f.endsWith('.json'));

  it('has examples', () => expect(files.length).toBeGreaterThanOrEqual(4));

  it.each(files)('validates and runs examples/%s', async (file) => {
    const path = join(examples, file);
    expect((await cli('validate', path)).code).toBe(0);
    const run = await cli('run', path);
    expect(run.err).toContain('finished in');
    expect(run.code).toBe(0);
    expect(run.err).toMatch(/node\s+type\s+in\s+out\s+dead\s+late\s+p99/);
  });

  it('writes complete sink files: the spec example', async () => {
    const out = join(examples, 'out/large-transactions.jsonl');
    rmSync(out, { force: true });
    expect((await cli('run', join(examples, 'large-transactions.json'))).code).toBe(0);
    const records = readJsonl(out);
    expect(records.length).toBeGreaterThan(0);
    for (const r of records) {
      expect(Object.keys(r)).toEqual([
        'card',
        'windowStart',
        'windowEnd',
        'n',
        'total',
        'countries',
      ]);
      expect(Number(r.windowEnd) - Number(r.windowStart)).toBe(60_000);
    }
  });

  it('lists each dead letter of the messy example with its line number, exit 0', async () => {
    const run = await cli('run', join(examples, 'messy-input.json'));
    expect(run.code).toBe(0);
    expect(run.err).toContain('dead letters: 7');
    for (const line of [6, 10, 13, 16, 19, 22, 31])
      expect(run.err).toContain(`readings: line ${line}: `);
    expect(run.out.split('\n').filter((l) => l.startsWith('{')).length).toBeGreaterThan(0);
  });

  it('exits 2 with every problem for an invalid pipeline', async () => {
    const dir = tempDir();
    const file = join(dir, 'bad.json');
    writeFileSync(
      file,
      JSON.stringify({
        version: 1,
        name: 'bad',
        nodes: [
          { id: 'f', type: 'filter', params: { expr: 'constructor' } },
          { id: 'f', type: 'nope' },
        ],
        edges: [],
      }),
    );
    for (const command of ['validate', 'run']) {
      const run = await cli(command, file);
      expect(run.code).toBe(2);
      expect(run.err).toContain('node "f", params.expr');
      expect(run.err).toContain('duplicate node id "f"');
      expect(run.err).toContain('nothing connected to its input');
    }
    writeFileSync(file, '{ not json');
    expect((await cli('validate', file)).err).toContain('is not valid JSON');
    expect((await cli('run', join(dir, 'missing.json'))).code).toBe(2);
    expect((await cli('frobnicate', file)).code).toBe(2);
  });

  it('exits 1 naming the node when a run fails', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'in.csv'), '"a,b\n1,2\n');
    const file = join(dir, 'p.json');
    writeFileSync(
      file,
      JSON.stringify({
        version: 1,
        name: 'fails',
        nodes: [
          { id: 'rows', type: 'source.file', params: { path: 'in.csv', format: 'csv' } },
          { id: 'print', type: 'sink.console', params: {} },
        ],
        edges: [{ source: 'rows', target: 'print' }],
      }),
    );
    const run = await cli('run', file);
    expect(run.code).toBe(1);
    expect(run.err).toContain('failed: node "rows"');
  });

  it.runIf(existsSync(resolve(root, 'apps/engine/dist/cli/main.js')))(
    'stops an unbounded run cleanly on Ctrl-C, printing the summary',
    async () => {
      const dir = tempDir();
      const file = join(dir, 'live.json');
      writeFileSync(
        file,
        JSON.stringify({
          version: 1,
          name: 'live',
          nodes: [
            {
              id: 'gen',
              type: 'source.generator',
              params: { scenario: 'clickstream', ratePerSec: 500 },
            },
            { id: 'print', type: 'sink.console', params: {} },
          ],
          edges: [{ source: 'gen', target: 'print' }],
        }),
      );
      const child = spawn(process.execPath, [bin, 'run', file], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      // Interrupt once the first record is out.
      await new Promise<void>((done) => child.stdout.once('data', () => done()));
      child.kill('SIGINT');
      const code = await new Promise<number | null>((done) => child.on('exit', done));
      expect(code).toBe(0);
      expect(stderr).toContain('stopping');
      expect(stderr).toContain('stopped in');
      expect(stderr).toMatch(/gen\s+source\.generator\s+\d+/);
    },
    20_000,
  );
});
