// Exactly-once through checkpoints: the CLI killed with SIGKILL at random moments and run again
// ends with every output file byte-identical to an uninterrupted run's.
import { spawn, spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../test-support/files.js';

const BIN = fileURLToPath(new URL('../../bin/rivulet.js', import.meta.url));
const OUTPUTS = ['tumbling.jsonl', 'late.jsonl', 'sliding.jsonl', 'pattern.jsonl', 'dedupe.jsonl'];

/** Seeded events: users logging in and buying, out of order, some too late, some malformed. */
function events(count: number, seed: number): string {
  let x = seed >>> 0;
  const next = () => {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    return x / 2 ** 32;
  };
  const lines: string[] = [];
  let clock = Date.UTC(2026, 0, 1);
  for (let i = 0; i < count; i++) {
    clock += Math.floor(next() * 40);
    const r = next();
    // Mostly within the 2 s bound; one in 50 far behind (late for the windows).
    const ts = clock - (r < 0.02 ? 30_000 : Math.floor(next() * 2000));
    if (r > 0.995) {
      lines.push(`{"user": "u${i % 7}", "ts": ${ts}, "kind": `); // malformed
      continue;
    }
    const kind = next() < 0.3 ? 'login' : 'buy';
    lines.push(
      JSON.stringify({
        user: `u${Math.floor(next() * 40)}`,
        kind,
        amount: Math.floor(next() * 100),
        ts,
      }),
    );
  }
  return lines.join('\n') + '\n';
}

const pipeline = {
  version: 1,
  name: 'checkpointed',
  nodes: [
    {
      id: 'src',
      type: 'source.file',
      // Paced (10,000 records a second), so that twenty kills land within one run.
      params: {
        path: 'in.jsonl',
        eventTime: { field: 'ts', maxOutOfOrderness: '2s' },
        rate: 10_000,
      },
    },
    { id: 'big', type: 'filter', params: { expr: 'amount > 5' } },
    { id: 'byUser', type: 'keyBy', params: { fields: ['user'] } },
    {
      id: 'tum',
      type: 'window',
      params: {
        kind: 'tumbling',
        size: '10s',
        aggregations: [
          { fn: 'count', as: 'n' },
          { fn: 'sum', field: 'amount', as: 'total' },
        ],
      },
    },
    {
      id: 'sli',
      type: 'window',
      params: {
        kind: 'sliding',
        size: '30s',
        slide: '10s',
        aggregations: [{ fn: 'count', as: 'n' }],
      },
    },
    {
      id: 'pat',
      type: 'pattern',
      params: {
        steps: [
          { name: 'login', where: "kind == 'login'" },
          { name: 'buy', where: "kind == 'buy' && amount > 90" },
        ],
        within: '20s',
      },
    },
    { id: 'once', type: 'dedupe', params: { fields: ['user', 'kind'], ttl: '5s' } },
    { id: 'outTum', type: 'sink.file', params: { path: 'out/tumbling.jsonl' } },
    { id: 'outLate', type: 'sink.file', params: { path: 'out/late.jsonl' } },
    { id: 'outSli', type: 'sink.file', params: { path: 'out/sliding.jsonl' } },
    { id: 'outPat', type: 'sink.file', params: { path: 'out/pattern.jsonl' } },
    { id: 'outOnce', type: 'sink.file', params: { path: 'out/dedupe.jsonl' } },
  ],
  edges: [
    { source: 'src', target: 'big' },
    { source: 'big', target: 'byUser' },
    { source: 'byUser', target: 'tum' },
    { source: 'byUser', target: 'sli' },
    { source: 'byUser', target: 'pat' },
    { source: 'byUser', target: 'once' },
    { source: 'tum', target: 'outTum' },
    { source: 'tum', sourceHandle: 'late', target: 'outLate' },
    { source: 'sli', target: 'outSli' },
    { source: 'pat', target: 'outPat' },
    { source: 'once', target: 'outOnce' },
  ],
};

/** A folder with the pipeline and its input; `paced: false` reads as fast as it can. */
function folder(input: string, paced = true): string {
  const dir = tempDir();
  const doc = paced
    ? pipeline
    : {
        ...pipeline,
        nodes: pipeline.nodes.map((n) =>
          n.id === 'src' ? { ...n, params: { ...n.params, rate: undefined } } : n,
        ),
      };
  writeFileSync(join(dir, 'p.json'), JSON.stringify(doc));
  copyFileSync(input, join(dir, 'in.jsonl'));
  mkdirSync(join(dir, 'out'));
  return dir;
}

const outputs = (dir: string) =>
  Object.fromEntries(OUTPUTS.map((f) => [f, readFileSync(join(dir, 'out', f), 'utf8')]));

/** Starts the CLI and kills it with SIGKILL after `ms`; resolves once it is gone. */
function runAndKill(dir: string, ms: number): Promise<{ killed: boolean; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      [BIN, 'run', 'p.json', '--checkpoints', 'chk', '--checkpoint-interval', '100ms'],
      { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), ms);
    child.on('exit', (_code, signal) => {
      clearTimeout(timer);
      resolve({ killed: signal === 'SIGKILL', stderr });
    });
  });
}

describe('rivulet run --checkpoints', () => {
  it('killed with SIGKILL twenty times and resumed, writes exactly what an uninterrupted run writes', async () => {
    const input = join(tempDir(), 'in.jsonl');
    writeFileSync(input, events(200_000, 7));

    // Pacing changes when records are read, never what is written.
    const straight = folder(input, false);
    const plain = spawnSync(process.execPath, [BIN, 'run', 'p.json'], {
      cwd: straight,
      encoding: 'utf8',
    });
    expect(plain.status).toBe(0);
    const expected = outputs(straight);
    expect(expected['late.jsonl']!.length).toBeGreaterThan(0);
    expect(expected['pattern.jsonl']!.length).toBeGreaterThan(0);

    const dir = folder(input);
    let seed = 12345;
    const random = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
    let resumed = 0;
    let kills = 0;
    // Until a first checkpoint exists, each kill comes later: on a loaded machine the CLI may
    // take longer than the random delay just to start.
    let base = 250;
    while (kills < 20) {
      const attempt = await runAndKill(dir, base + Math.floor(random() * 900));
      if (
        !existsSync(join(dir, 'chk')) ||
        !readdirSync(join(dir, 'chk'), { recursive: true }).some((f) =>
          /chk-\d+\.json$/.test(String(f)),
        )
      )
        base += 500;
      if (/resumed from checkpoint \d+/.test(attempt.stderr)) resumed++;
      if (attempt.killed) kills++;
      else break; // it finished before the kill came
    }
    const last = spawnSync(
      process.execPath,
      [BIN, 'run', 'p.json', '--checkpoints', 'chk', '--checkpoint-interval', '100ms'],
      { cwd: dir, encoding: 'utf8' },
    );
    expect(last.status).toBe(0);
    expect(kills).toBe(20);
    expect(resumed).toBeGreaterThan(0);
    expect(outputs(dir)).toEqual(expected);
    // The summary counts since the original start: the same late and dead-letter figures.
    const figures = (text: string) =>
      text
        .split('\n')
        .filter((l) => /^(src|tum|sli)\s/.test(l.trim()))
        .map((l) => l.trim().split(/\s+/).slice(0, 6).join(' '));
    expect(figures(last.stderr)).toEqual(figures(plain.stderr));
    // Completed: nothing left to resume; the same command starts afresh.
    expect(existsSync(join(dir, 'chk')) ? readdirSync(join(dir, 'chk')) : []).toEqual([]);
    console.log(`checkpoints: ${kills} kills, ${resumed} resumes`);
  }, 600_000);

  it("resumes an edited pipeline from the earlier version's checkpoint where its state fits, refuses it where it does not", async () => {
    const input = join(tempDir(), 'in.jsonl');
    writeFileSync(input, events(60_000, 11));
    const straight = folder(input, false);
    expect(spawnSync(process.execPath, [BIN, 'run', 'p.json'], { cwd: straight }).status).toBe(0);
    const expected = outputs(straight);

    const dir = folder(input);
    const write = (edit: (p: typeof pipeline) => unknown) =>
      writeFileSync(join(dir, 'p.json'), JSON.stringify(edit(structuredClone(pipeline))));
    const run = (...extra: string[]) =>
      spawnSync(
        process.execPath,
        [BIN, 'run', 'p.json', '--checkpoints', 'chk', '--checkpoint-interval', '100ms', ...extra],
        { cwd: dir, encoding: 'utf8' },
      );
    // Version 1, killed once a checkpoint is durable.
    const child = spawn(
      process.execPath,
      [BIN, 'run', 'p.json', '--checkpoints', 'chk', '--checkpoint-interval', '100ms'],
      { cwd: dir, stdio: 'ignore' },
    );
    const chk = join(dir, 'chk');
    const deadline = performance.now() + 60_000;
    while (!(
      existsSync(chk) &&
      readdirSync(chk).some((f) => readdirSync(join(chk, f)).some((c) => /^chk-\d+\.json$/.test(c)))
    )) {
      if (performance.now() > deadline) throw new Error('no checkpoint in time');
      await new Promise((r) => setTimeout(r, 50));
    }
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));

    // The tumbling window made longer: its windows do not fit; refused, nothing written.
    write((p) => ({
      ...p,
      nodes: p.nodes.map((n) =>
        n.id === 'tum' ? { ...n, params: { ...n.params, size: '20s' } } : n,
      ),
    }));
    const refused = run();
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/does not fit it/);
    expect(refused.stderr).toMatch(/node "tum": its params changed/);

    // The filter written differently (it holds no state): resumed, and the files are the same.
    write((p) => ({
      ...p,
      nodes: p.nodes.map((n) => (n.id === 'big' ? { ...n, params: { expr: '5 < amount' } } : n)),
    }));
    const resumed = run();
    expect(resumed.status).toBe(0);
    expect(resumed.stderr).toMatch(/resumed from checkpoint \d+ of an earlier version/);
    expect(outputs(dir)).toEqual(expected);
    expect(readdirSync(chk)).toEqual([]);
  });

  it('stops with a savepoint on Ctrl-C, exits 0, and the same command resumes exactly there', async () => {
    const input = join(tempDir(), 'in.jsonl');
    writeFileSync(input, events(40_000, 5));
    const straight = folder(input, false);
    expect(spawnSync(process.execPath, [BIN, 'run', 'p.json'], { cwd: straight }).status).toBe(0);
    const dir = folder(input);
    const args = [BIN, 'run', 'p.json', '--checkpoints', 'chk', '--checkpoint-interval', '100ms'];
    const child = spawn(process.execPath, args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const chk = join(dir, 'chk');
    const deadline = performance.now() + 60_000;
    while (!(existsSync(chk) && readdirSync(chk).length > 0)) {
      if (performance.now() > deadline) throw new Error('no checkpoint in time');
      await new Promise((r) => setTimeout(r, 50));
    }
    child.kill('SIGINT');
    const code = await new Promise((r) => child.once('exit', r));
    expect(code).toBe(0);
    const stopped = /stopped at checkpoint (\d+)/.exec(stderr)?.[1];
    expect(stopped).toBeDefined();
    const resumed = spawnSync(process.execPath, args, { cwd: dir, encoding: 'utf8' });
    expect(resumed.status).toBe(0);
    expect(resumed.stderr).toContain(`resumed from checkpoint ${stopped}`);
    expect(outputs(dir)).toEqual(outputs(straight));
  });
});
