// Valid pipelines written as an attacker would: each one must fail alone, be refused, or run
// within its bounds, while the server keeps answering and another run keeps counting.
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DeadLetterPage, RunSummary, StatusMessage } from '@rivulet/shared-types';
import { afterEach, describe, expect, it } from 'vitest';
import {
  api,
  livePipeline,
  runEnded,
  savePipeline,
  startRun,
  testServer,
  until,
} from '../test-support/server.js';
import { MAX_ACTIVE_RUNS } from './runs.js';
import type { RunningServer, ServerOptions } from './server.js';

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

/**
 * Short limits, so that runaways end quickly; still far above what a healthy run needs. The
 * watchdog is short only in its own test: on a loaded machine a run flooding its memory slows
 * down in the collector and would be stopped by a 5 s watchdog before it reaches its heap limit
 * (seen at load 20), and sixteen workers starting at once may not answer within 5 s.
 */
const WATCHDOG_MS = 5000;
const HEAP_MB = 128;

async function server(options: ServerOptions = {}): Promise<RunningServer> {
  const s = await testServer({
    demo: false,
    watchdogMs: 60_000,
    runHeapMb: HEAP_MB,
    ...options,
  });
  cleanup.push(() => s.close());
  return s;
}

const recordsIn = (s: RunningServer, runId: string, nodeId: string): number =>
  s.runs.lastTelemetry(runId)?.nodes.find((n) => n.nodeId === nodeId)?.recordsIn ?? 0;

/**
 * While `runaway` runs to its end: /api/health is asked every 100 ms (each answer timed) and the
 * good run's count is read. Returns how the runaway ended, the answer times and the good run's
 * progress over that time.
 */
async function whileRunaway(s: RunningServer, runaway: unknown) {
  const good = await startRun(s, (await savePipeline(s, livePipeline('good', 2000))).id);
  await until(() => recordsIn(s, good.id, 'gen') > 0);
  const saved = await savePipeline(s, runaway);
  const goodBefore = recordsIn(s, good.id, 'gen');
  const t0 = performance.now();
  const run = await startRun(s, saved.id);
  const end = runEnded(s, run.id);
  let finished: StatusMessage | null = null;
  void end.then((m) => (finished = m));
  const answers: number[] = [];
  while (finished === null) {
    const started = performance.now();
    const health = await api<{ ok: boolean }>(s, 'GET', '/api/health');
    answers.push(performance.now() - started);
    expect(health.body.ok).toBe(true);
    await tick(100);
  }
  const goodAfter = recordsIn(s, good.id, 'gen');
  expect(s.runs.active.has(good.id)).toBe(true);
  return { status: await end, ms: performance.now() - t0, answers, goodBefore, goodAfter };
}

/** A pause between probes (pacing, not synchronisation: every wait above has its condition). */
const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function share(values: number[], below: number): number {
  return values.filter((v) => v < below).length / values.length;
}

describe('hostile pipelines', () => {
  it('refuses at validation a sliding window or topN that would put a record in millions of windows', async () => {
    const s = await server();
    const flood = { kind: 'sliding', size: '1d', slide: '1ms' };
    const cases = [
      {
        type: 'window',
        params: { ...flood, aggregations: [{ fn: 'count', as: 'n' }] },
        path: ['slide'],
      },
      { type: 'topN', params: { n: 3, by: 'amount', window: flood }, path: ['window', 'slide'] },
    ];
    for (const { type, params, path } of cases) {
      const saved = await savePipeline(s, {
        version: 1,
        name: `flood ${type}`,
        nodes: [
          { id: 'gen', type: 'source.generator', params: { scenario: 'transactions' } },
          { id: 'key', type: 'keyBy', params: { fields: ['cardId'] } },
          { id: 'win', type, params },
          { id: 'out', type: 'sink.dashboard', params: {} },
        ],
        edges: [
          { source: 'gen', target: 'key' },
          { source: 'key', target: 'win' },
          { source: 'win', target: 'out' },
        ],
      });
      const res = await api<{ problems: { nodeId?: string; path?: string[]; message: string }[] }>(
        s,
        'POST',
        `/api/pipelines/${saved.id}/runs`,
      );
      expect(res.status).toBe(422);
      expect(res.body.problems).toContainEqual(
        expect.objectContaining({
          nodeId: 'win',
          path,
          message: expect.stringMatching(/86,400,000 windows/),
        }),
      );
    }
    expect(s.runs.active.size).toBe(0);
  });

  it('fails a run that floods its memory alone, naming the node, while the server answers and another run counts', async () => {
    const s = await server();
    // Every payment its own key (txId), each in 1,000 sliding windows: state without bound,
    // growing over a few seconds.
    const result = await whileRunaway(s, {
      version: 1,
      name: 'memory flood',
      nodes: [
        {
          id: 'gen',
          type: 'source.generator',
          params: { scenario: 'transactions', ratePerSec: 1000 },
        },
        { id: 'key', type: 'keyBy', params: { fields: ['txId'] } },
        {
          id: 'win',
          type: 'window',
          params: {
            kind: 'sliding',
            size: '1000s',
            slide: '1s',
            aggregations: [{ fn: 'count', as: 'n' }],
          },
        },
        { id: 'out', type: 'sink.dashboard', params: {} },
      ],
      edges: [
        { source: 'gen', target: 'key' },
        { source: 'key', target: 'win' },
        { source: 'win', target: 'out' },
      ],
    });
    console.log(
      `memory flood: failed after ${Math.round(result.ms)} ms; /api/health ${result.answers.length} answers, median ${Math.round(median(result.answers))} ms, max ${Math.round(Math.max(...result.answers))} ms`,
    );
    expect(result.status.status).toBe('failed');
    expect(result.status.error).toMatchObject({
      nodeId: 'win',
      message: expect.stringContaining(`more than its ${HEAP_MB} MB of memory`),
    });
    // Within 200 ms (the median: a loaded 2-core test machine may pause any process at times).
    expect(median(result.answers)).toBeLessThan(200);
    expect(share(result.answers, 1000)).toBeGreaterThanOrEqual(0.95);
    expect(result.goodAfter).toBeGreaterThan(result.goodBefore);
    const stored = await api<RunSummary>(s, 'GET', `/api/runs/${result.status.runId}`);
    expect(stored.body).toMatchObject({ status: 'failed', error: { nodeId: 'win' } });
  });

  it('fails a run that runs out of memory while it is being built, and gives its slot back', async () => {
    const s = await server();
    // Five million card profiles do not fit in the run's heap.
    const saved = await savePipeline(s, {
      version: 1,
      name: 'huge population',
      nodes: [
        {
          id: 'gen',
          type: 'source.generator',
          params: { scenario: 'transactions', cards: 5_000_000 },
        },
        { id: 'out', type: 'sink.dashboard', params: {} },
      ],
      edges: [{ source: 'gen', target: 'out' }],
    });
    const run = await startRun(s, saved.id);
    expect(await runEnded(s, run.id)).toMatchObject({
      status: 'failed',
      // The collector gives up after the generator was built, between two steps: no node is
      // busy then, and none has reported its state yet, so the message can name none.
      error: { message: expect.stringContaining(`more than its ${HEAP_MB} MB`) },
    });
    expect(s.runs.active.size).toBe(0);
  });

  it('stops a run stuck in one batch for longer than the watchdog allows, naming the node, while the server answers and another run counts', async () => {
    const s = await server({ watchdogMs: WATCHDOG_MS });
    // Valid, but each record updates 1,000 windows × 800 sums: one batch of the generator is
    // billions of additions, and the worker stops answering (with 400 sums a faster window
    // operator finished some batches within the watchdog's time on a loaded machine). The
    // `first` keeps the window's accumulators as objects: with numeric aggregations only, rows
    // of numbers (window/flat.ts) add a batch of these within the watchdog's time.
    const aggregations = [
      ...Array.from({ length: 800 }, (_, i) => ({ fn: 'sum', field: 'amount', as: `s${i}` })),
      { fn: 'first', field: 'amount', as: 'first' },
    ];
    const result = await whileRunaway(s, {
      version: 1,
      name: 'cpu flood',
      nodes: [
        { id: 'gen', type: 'source.generator', params: { scenario: 'transactions' } },
        {
          id: 'win',
          type: 'window',
          params: { kind: 'sliding', size: '100s', slide: '100ms', aggregations },
        },
        { id: 'out', type: 'sink.dashboard', params: {} },
      ],
      edges: [
        { source: 'gen', target: 'win' },
        { source: 'win', target: 'out' },
      ],
    });
    console.log(
      `cpu flood: stopped after ${Math.round(result.ms)} ms; /api/health ${result.answers.length} answers, median ${Math.round(median(result.answers))} ms, max ${Math.round(Math.max(...result.answers))} ms`,
    );
    expect(result.status.status).toBe('failed');
    expect(result.status.error).toMatchObject({
      nodeId: 'win',
      message: expect.stringMatching(/^no progress for [0-9.]+ s in node "win"/),
    });
    // Within the watchdog's time plus its check interval and the worker's start (wide margin).
    expect(result.ms).toBeLessThan(WATCHDOG_MS + 10_000);
    // Within 200 ms (the median: a loaded 2-core test machine may pause any process at times).
    expect(median(result.answers)).toBeLessThan(200);
    expect(share(result.answers, 1000)).toBeGreaterThanOrEqual(0.95);
    expect(result.goodAfter).toBeGreaterThan(result.goodBefore);
  });

  it('runs a pattern that keeps every partial match (noSkip, 1,000 or more, 1000d) within its caps, alone', async () => {
    const s = await server({ watchdogMs: 60_000 });
    const result = await whileRunaway(s, {
      version: 1,
      name: 'partial matches',
      nodes: [
        {
          id: 'gen',
          type: 'source.generator',
          params: { scenario: 'transactions', limit: 20_000 },
        },
        {
          id: 'pat',
          type: 'pattern',
          params: {
            steps: [
              { name: 'many', where: 'amount > 0', times: { min: 1000 } },
              { name: 'huge', where: 'amount > 1000000000' },
            ],
            within: '1000d',
            afterMatch: 'noSkip',
          },
        },
        { id: 'out', type: 'sink.dashboard', params: {} },
      ],
      edges: [
        { source: 'gen', target: 'pat' },
        { source: 'pat', target: 'out' },
      ],
    });
    console.log(
      `partial matches: ended after ${Math.round(result.ms)} ms; /api/health median ${Math.round(median(result.answers))} ms, max ${Math.round(Math.max(...result.answers))} ms`,
    );
    expect(result.status).toMatchObject({ status: 'finished', error: null });
    const run = await api<RunSummary>(s, 'GET', `/api/runs/${result.status.runId}`);
    const pat = run.body.metrics!.find((n) => n.nodeId === 'pat')!;
    expect(pat.recordsIn).toBe(20_000);
    // The caps held: the overflow became dead letters, counted.
    expect(pat.deadLetters).toBeGreaterThan(0);
    // Within 200 ms (the median: a loaded 2-core test machine may pause any process at times).
    expect(median(result.answers)).toBeLessThan(200);
    expect(share(result.answers, 1000)).toBeGreaterThanOrEqual(0.95);
    expect(result.goodAfter).toBeGreaterThan(result.goodBefore);
  });

  it('parses a 100,000-digit number in linear time, in a map and in a CSV cell', async () => {
    const s = await server();
    mkdirSync(join(s.dataDir, 'files'), { recursive: true });
    const digits = '9'.repeat(100_000);
    writeFileSync(
      join(s.dataDir, 'files', 'long.jsonl'),
      Array.from({ length: 20 }, (_, i) => JSON.stringify({ s: `${digits}x`, i })).join('\n'),
    );
    writeFileSync(join(s.dataDir, 'files', 'long.csv'), `a,b\n${digits}x,1\n${digits},2\n`);
    const saved = await savePipeline(s, {
      version: 1,
      name: 'long numbers',
      nodes: [
        { id: 'rows', type: 'source.file', params: { path: 'long.jsonl' } },
        { id: 'num', type: 'map', params: { fields: { n: 'toNumber(s)' } } },
        { id: 'cells', type: 'source.file', params: { path: 'long.csv', format: 'csv' } },
        { id: 'out', type: 'sink.dashboard', params: {} },
        { id: 'out2', type: 'sink.dashboard', params: {} },
      ],
      edges: [
        { source: 'rows', target: 'num' },
        { source: 'num', target: 'out' },
        { source: 'cells', target: 'out2' },
      ],
    });
    const started = performance.now();
    const run = await startRun(s, saved.id);
    expect(await runEnded(s, run.id)).toMatchObject({ status: 'finished', error: null });
    // Seconds before the fix (a backtracking regular expression); well under one now.
    expect(performance.now() - started).toBeLessThan(10_000);
    const final = await api<RunSummary>(s, 'GET', `/api/runs/${run.id}`);
    expect(final.body.metrics!.find((n) => n.nodeId === 'num')!.recordsOut).toBe(20);
  });

  it('gives the slot back on every path that ends a run', async () => {
    const s = await server();
    const saved = await savePipeline(s, livePipeline('slot', 500));
    const onlyRun = () => [...s.runs.active.keys()][0]!;

    // Stopped while its worker is still starting.
    const starting = s.runs.start(saved.id);
    const stopping = s.runs.stop(onlyRun());
    const started = await starting;
    expect(started.ok).toBe(true);
    expect((await stopping)?.status).toBe('stopped');
    expect(s.runs.active.size).toBe(0);

    // Its pipeline deleted while the worker starts: refused, or started then stopped.
    const racing = s.runs.start(saved.id);
    const deleted = await api(s, 'DELETE', `/api/pipelines/${saved.id}`);
    expect(deleted.status).toBe(204);
    const raced = await racing;
    if (!raced.ok) expect(raced.status).toBe(409);
    expect(s.runs.active.size).toBe(0);
    expect((await api(s, 'POST', `/api/pipelines/${saved.id}/runs`)).status).toBe(404);

    // The database failing as the run ends.
    const other = await savePipeline(s, livePipeline('db', 500));
    const finishRun = s.store.finishRun.bind(s.store);
    s.store.finishRun = () => {
      throw new Error('disk full');
    };
    const run = await startRun(s, other.id);
    await s.runs.stop(run.id);
    expect(s.runs.active.size).toBe(0);
    s.store.finishRun = finishRun;

    // After all that, every slot can be taken again.
    const runs = await Promise.all(
      Array.from({ length: MAX_ACTIVE_RUNS }, () => startRun(s, other.id)),
    );
    expect(s.runs.active.size).toBe(MAX_ACTIVE_RUNS);
    expect((await api(s, 'POST', `/api/pipelines/${other.id}/runs`)).status).toBe(429);
    await Promise.all(runs.map((r) => s.runs.stop(r.id)));
    expect(s.runs.active.size).toBe(0);
  });

  it('keeps dead letters of huge records as bounded previews: pages stay small, the database too', async () => {
    const s = await server();
    // Each map doubles a text; past the expression language's cap the last map refuses the
    // record, so every record ends as a dead letter of about half a megabyte.
    const doublings = 21;
    const maps = Array.from({ length: doublings }, (_, i) => ({
      id: `double${i}`,
      type: 'map',
      params: { fields: { s: 'concat(s, s)' } },
    }));
    const saved = await savePipeline(s, {
      version: 1,
      name: 'bloat',
      nodes: [
        { id: 'gen', type: 'source.generator', params: { scenario: 'transactions', limit: 3000 } },
        { id: 'seed', type: 'map', params: { fields: { s: "'x'" } } },
        ...maps,
        { id: 'out', type: 'sink.dashboard', params: {} },
      ],
      edges: [
        { source: 'gen', target: 'seed' },
        { source: 'seed', target: 'double0' },
        ...maps.slice(1).map((m, i) => ({ source: `double${i}`, target: m.id })),
        { source: `double${doublings - 1}`, target: 'out' },
      ],
    });
    const run = await startRun(s, saved.id);
    const end = await runEnded(s, run.id);
    expect(end).toMatchObject({ status: 'finished', error: null });
    const page = await fetch(`${s.url}/api/runs/${run.id}/dead-letters?limit=500`);
    const text = await page.text();
    const body = JSON.parse(text) as DeadLetterPage;
    expect(body.total).toBe(3000);
    expect(body.items[0]!.reason).toMatch(/map expression failed/);
    // Each keeps the event time of its record (the generator's, from 2026-01-01).
    expect(body.items[0]!.eventTime).toBeGreaterThanOrEqual(Date.UTC(2026, 0, 1));
    expect(text.length).toBeLessThan(500 * 5000);
    const db = join(s.dataDir, 'rivulet.db');
    const wal = `${db}-wal`;
    const bytes = statSync(db).size + (exists(wal) ? statSync(wal).size : 0);
    expect(bytes).toBeLessThan(32 * 1024 * 1024);
  });

  it('finishes runs of records nested deeper than JSON can show, and gives every slot back', async () => {
    const s = await server();
    mkdirSync(join(s.dataDir, 'files'), { recursive: true });
    const deep = '{"a":' + '['.repeat(200_000) + ']'.repeat(200_000) + ',"t":1}';
    writeFileSync(join(s.dataDir, 'files', 'deep.jsonl'), `${deep}\n{"a":1,"t":2}\n`);
    const saved = await savePipeline(s, {
      version: 1,
      name: 'deep',
      nodes: [
        { id: 'rows', type: 'source.file', params: { path: 'deep.jsonl', format: 'jsonl' } },
        { id: 'out', type: 'sink.dashboard', params: {} },
      ],
      edges: [{ source: 'rows', target: 'out' }],
    });
    // More runs than there are slots: each must give its slot back.
    for (let i = 0; i < MAX_ACTIVE_RUNS + 2; i++) {
      const run = await startRun(s, saved.id);
      const end = await runEnded(s, run.id);
      expect(end.status).toBe('finished');
    }
    expect(s.runs.active.size).toBe(0);
    const runs = await api<RunSummary[]>(s, 'GET', `/api/runs?pipelineId=${saved.id}`);
    expect(runs.body[0]).toMatchObject({ status: 'finished', deadLetters: 1 });
  });
});

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[sorted.length >> 1] ?? 0;
}

function exists(path: string): boolean {
  try {
    statSync(path);
    return true;
  } catch {
    return false;
  }
}
