// The server killed with SIGKILL in the middle of a run, and started again on the same data:
// the run resumes by itself from its latest checkpoint and its output file ends identical to
// an uninterrupted run's.
import { spawn, type ChildProcess } from 'node:child_process';
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
import type { PipelineRecord, RunSummary } from '@rivulet/shared-types';
import { afterEach, describe, expect, it } from 'vitest';
import { nodeIO } from '../io.js';
import { Job } from '../job.js';
import { relativeTo } from '../paths.js';
import { tempDir } from '../test-support/files.js';
import { until } from '../test-support/server.js';
import { validatePipeline } from '../validate.js';

const MAIN = fileURLToPath(new URL('../../dist/server/main.js', import.meta.url));
const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
});

/** Starts `npm start`'s server on a free port over `dataDir`; resolves with its URL. */
function startServer(dataDir: string): Promise<{ url: string; child: ChildProcess }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [MAIN], {
      env: { ...process.env, PORT: '0', RIVULET_DATA_DIR: dataDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const url = /running at (http:\/\/\S+)/.exec(out)?.[1];
      if (url) resolve({ url, child });
    });
    child.on('exit', (code) => reject(new Error(`server exited (${code}): ${out}`)));
  });
}

async function api<T>(url: string, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(url + path, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return (text ? JSON.parse(text) : null) as T;
}

const lines = (n: number) =>
  Array.from({ length: n }, (_, i) =>
    JSON.stringify({
      user: `u${(i * 7919) % 50}`,
      amount: (i * 31) % 100,
      ts: Date.UTC(2026, 0, 1) + i * 100 - ((i * 13) % 7) * 150,
    }),
  ).join('\n') + '\n';

const pipeline = {
  version: 1,
  name: 'recovers',
  settings: { checkpointInterval: '200ms' },
  nodes: [
    {
      id: 'src',
      type: 'source.file',
      // Paced, so that the run lasts a few seconds and the kill comes in its middle.
      params: { path: 'in.jsonl', eventTime: { field: 'ts', maxOutOfOrderness: '1s' }, rate: 2000 },
    },
    { id: 'byUser', type: 'keyBy', params: { fields: ['user'] } },
    {
      id: 'win',
      type: 'window',
      params: {
        kind: 'sliding',
        size: '10s',
        slide: '5s',
        aggregations: [
          { fn: 'count', as: 'n' },
          { fn: 'sum', field: 'amount', as: 'total' },
        ],
      },
    },
    { id: 'out', type: 'sink.file', params: { path: 'out.jsonl' } },
  ],
  edges: [
    { source: 'src', target: 'byUser' },
    { source: 'byUser', target: 'win' },
    { source: 'win', target: 'out' },
  ],
};

describe('server recovery', () => {
  it('resumes a run after kill -9 of the server, and its file ends identical', async () => {
    const input = join(tempDir(), 'in.jsonl');
    writeFileSync(input, lines(12_000));

    // The uninterrupted run, in this process.
    const straight = tempDir();
    copyFileSync(input, join(straight, 'in.jsonl'));
    const valid = validatePipeline(
      {
        ...pipeline,
        nodes: pipeline.nodes.map((n) =>
          n.id === 'src' ? { ...n, params: { ...n.params, rate: undefined } } : n,
        ),
      },
      { checkPath: relativeTo(straight) },
    );
    if (!valid.ok) throw new Error(JSON.stringify(valid.problems));
    expect((await new Job(valid.value, { io: nodeIO() }).run()).status).toBe('finished');
    const expected = readFileSync(join(straight, 'out.jsonl'), 'utf8');
    expect(expected.length).toBeGreaterThan(0);

    const dataDir = tempDir();
    mkdirSync(join(dataDir, 'files'), { recursive: true });
    copyFileSync(input, join(dataDir, 'files', 'in.jsonl'));
    const first = await startServer(dataDir);
    const saved = await api<PipelineRecord>(first.url, 'POST', '/api/pipelines', {
      document: pipeline,
    });
    const run = await api<RunSummary>(first.url, 'POST', `/api/pipelines/${saved.id}/runs`);
    const checkpoints = join(dataDir, 'checkpoints', run.id);
    // Killed once a few checkpoints are durable, well before the end (6 s of paced input).
    await until(() =>
      existsSync(checkpoints) &&
      readdirSync(checkpoints).filter((f) => /^chk-\d+\.json$/.test(f)).length >= 2
        ? true
        : null,
    );
    first.child.kill('SIGKILL');
    await new Promise((r) => first.child.once('exit', r));

    const second = await startServer(dataDir);
    const ended = await until(async () => {
      const summary = await api<RunSummary>(second.url, 'GET', `/api/runs/${run.id}`);
      return summary.status === 'running' || summary.status === 'recovering' ? null : summary;
    });
    expect(ended.status).toBe('finished');
    expect(ended.recoveries).toHaveLength(1);
    expect(ended.recoveries[0]!.checkpoint).toBeGreaterThanOrEqual(2);
    expect(readFileSync(join(dataDir, 'files', 'out.jsonl'), 'utf8')).toBe(expected);
    // Its checkpoints go once it has ended.
    expect(existsSync(checkpoints)).toBe(false);
  }, 180_000);
});
