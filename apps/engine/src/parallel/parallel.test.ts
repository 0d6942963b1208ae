import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import type { PipelineDocument } from '@rivulet/shared-types';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../cli/main.js';
import { nodeIO } from '../io.js';
import { Job } from '../job.js';
import { relativeTo } from '../paths.js';
import {
  canonicalRows,
  DIFFERENTIAL_CASES,
  outOfOrderEvents,
  pipelineOf,
} from '../test-support/differential.js';
import { readJsonlOrNone } from '../test-support/files.js';
import { validatePipeline } from '../validate.js';
import { endIdleWorkers, idleWorkers } from './pool.js';
import { NEXMARK_QUERIES, nexmarkPipeline } from '../bench/nexmark-queries.js';
import { writeNexmarkFile } from '../bench/nexmark-data.js';
import { planPipeline } from '../plan.js';
import { fieldsNeeded, placePipeline } from './placement.js';
import { ParallelJob, parallelProblems } from './run.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function folderWith(files: Record<string, Record<string, unknown>[] | string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'rivulet-parallel-'));
  dirs.push(dir);
  for (const [name, rows] of Object.entries(files))
    writeFileSync(
      join(dir, name),
      typeof rows === 'string' ? rows : rows.map((r) => JSON.stringify(r)).join('\n') + '\n',
    );
  return dir;
}

const read = readJsonlOrNone;

/**
 * Lines (or records) per block in these runs: fewer than a run's (SPLIT_BLOCK), so that inputs
 * of a few thousand lines make many blocks, read by the workers in turns and out of order.
 */
const TEST_BLOCK = 512;

/**
 * Runs the pipeline in `dir` at the parallelism asked: the rows of each sink.file, canonical,
 * and each node's counts (in, out, late).
 */
async function outputs(doc: PipelineDocument, dir: string, parallelism: number) {
  const sinks = doc.nodes.filter((n) => n.type === 'sink.file').map((n) => String(n.params.path));
  for (const s of sinks) rmSync(join(dir, s), { force: true });
  const valid = validatePipeline(
    { ...doc, settings: { ...doc.settings, parallelism } },
    { checkPath: relativeTo(dir) },
  );
  if (!valid.ok) throw new Error(JSON.stringify(valid.problems));
  const job =
    parallelism === 1
      ? new Job(valid.value, { io: nodeIO(() => {}) })
      : new ParallelJob(valid.value, { baseDir: dir, blockSize: TEST_BLOCK });
  const result = await job.run();
  expect(result.status, result.error?.message).toBe('finished');
  return {
    result,
    rows: Object.fromEntries(sinks.map((s) => [s, canonicalRows(read(join(dir, s)))])),
    counts: result.nodes.map((n) => [n.nodeId, n.recordsIn, n.recordsOut, n.lateRecords]),
  };
}

const inputs = () => ({
  'events.jsonl': outOfOrderEvents({ seed: 7, count: 6000, users: 40, maxDelayMs: 4000 }),
  'others.jsonl': outOfOrderEvents({
    seed: 8,
    count: 3000,
    users: 40,
    maxDelayMs: 3000,
    idFrom: 10_000,
  }),
  'ordered.jsonl': outOfOrderEvents({
    seed: 9,
    count: 2500,
    users: 40,
    maxDelayMs: 0,
    idFrom: 20_000,
  }),
});

describe('parallelism: the same results as one thread', () => {
  const dir = folderWith(inputs());

  it.each(DIFFERENTIAL_CASES.map((c) => [c.name, c] as const))(
    '%s: parallelism 2 equals parallelism 1',
    async (_name, c) => {
      const doc = pipelineOf(c);
      const one = await outputs(doc, dir, 1);
      const two = await outputs(doc, dir, 2);
      expect(Object.values(one.rows).flat().length).toBeGreaterThan(0);
      expect(two.rows).toEqual(one.rows);
      // Every record was read once, by one of the workers.
      const sources = doc.nodes.filter((n) => n.type === 'source.file').map((n) => n.id);
      for (const id of sources)
        expect(two.result.nodes.find((n) => n.nodeId === id)!.recordsOut).toBe(
          one.result.nodes.find((n) => n.nodeId === id)!.recordsOut,
        );
    },
  );

  it('random keyed pipelines and inputs, late records and bad lines included (p1 = p2 = p3)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          seed: fc.integer({ min: 1, max: 10_000 }),
          count: fc.integer({ min: 500, max: 5000 }),
          users: fc.integer({ min: 1, max: 60 }),
          maxDelayMs: fc.constantFrom(0, 300, 3000),
          outOfOrderness: fc.constantFrom('0ms', '1s', '2s'),
          kind: fc.constantFrom('tumbling', 'sliding', 'session'),
          lateness: fc.constantFrom(null, '1s'),
          filter: fc.boolean(),
          keys: fc.constantFrom(['user'], ['user', 'country'], ['country']),
          badLines: fc.boolean(),
          parallelism: fc.constantFrom(2, 3),
        }),
        async (p) => {
          const events = outOfOrderEvents(p).map((r) => JSON.stringify(r));
          if (p.badLines) for (let i = 7; i < events.length; i += 401) events[i] = '{not json';
          const dir = folderWith({ 'in.jsonl': events.join('\n') + '\n' });
          const window = {
            kind: p.kind,
            ...(p.kind === 'session' ? { gap: '2s' } : { size: '5s' }),
            ...(p.kind === 'sliding' ? { slide: '1s' } : {}),
            ...(p.lateness ? { allowedLateness: p.lateness } : {}),
            aggregations: [
              { fn: 'count', as: 'n' },
              { fn: 'sum', field: 'amount', as: 'total' },
              { fn: 'first', field: 'note', as: 'firstNote' },
              { fn: 'last', field: 'id', as: 'lastId' },
            ],
          };
          const doc: PipelineDocument = {
            version: 1,
            name: 'random',
            nodes: [
              {
                id: 'src',
                type: 'source.file',
                params: {
                  path: 'in.jsonl',
                  eventTime: { field: 'ts', maxOutOfOrderness: p.outOfOrderness },
                },
              },
              { id: 'f', type: 'filter', params: { expr: p.filter ? 'amount > 20' : 'true' } },
              { id: 'by', type: 'keyBy', params: { fields: p.keys } },
              { id: 'w', type: 'window', params: window },
              { id: 'out', type: 'sink.file', params: { path: 'out.jsonl' } },
              { id: 'late', type: 'sink.file', params: { path: 'late.jsonl' } },
              { id: 'bad', type: 'sink.file', params: { path: 'bad.jsonl' } },
            ],
            edges: [
              { source: 'src', target: 'f' },
              { source: 'src', sourceHandle: 'errors', target: 'bad' },
              { source: 'f', target: 'by' },
              { source: 'by', target: 'w' },
              { source: 'w', target: 'out' },
              { source: 'w', sourceHandle: 'late', target: 'late' },
            ],
          };
          const one = await outputs(doc, dir, 1);
          const many = await outputs(doc, dir, p.parallelism);
          expect(many.rows).toEqual(one.rows);
          expect(many.result.deadLetters).toBe(one.result.deadLetters);
        },
      ),
      { numRuns: 12 },
    );
  });

  it('windows fed records merged per key and pane (count, min, max): p1 = p2 = p3, late counts too', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          seed: fc.integer({ min: 1, max: 10_000 }),
          count: fc.integer({ min: 1500, max: 6000 }),
          users: fc.integer({ min: 1, max: 60 }),
          maxDelayMs: fc.constantFrom(0, 300, 3000),
          outOfOrderness: fc.constantFrom('0ms', '500ms', '2s'),
          window: fc.constantFrom(
            { kind: 'tumbling', size: '2s' },
            { kind: 'sliding', size: '5s', slide: '1s' },
            { kind: 'sliding', size: '3s', slide: '1500ms' },
          ),
          keys: fc.constantFrom(['user'], ['user', 'country'], ['country']),
          parallelism: fc.constantFrom(2, 3),
        }),
        async (p) => {
          const events = outOfOrderEvents(p).map((r) => JSON.stringify(r));
          const dir = folderWith({ 'in.jsonl': events.join('\n') + '\n' });
          const doc: PipelineDocument = {
            version: 1,
            name: 'combined',
            nodes: [
              {
                id: 'src',
                type: 'source.file',
                params: {
                  path: 'in.jsonl',
                  eventTime: { field: 'ts', maxOutOfOrderness: p.outOfOrderness },
                },
              },
              { id: 'by', type: 'keyBy', params: { fields: p.keys } },
              {
                id: 'w',
                type: 'window',
                params: {
                  ...p.window,
                  aggregations: [
                    { fn: 'count', as: 'n' },
                    { fn: 'count', field: 'note', as: 'notes' },
                    { fn: 'min', field: 'amount', as: 'least' },
                    { fn: 'max', field: 'amount', as: 'most' },
                  ],
                },
              },
              { id: 'out', type: 'sink.file', params: { path: 'out.jsonl' } },
              // A second window after a keyBy of the keyed region: its records cross as items,
              // among the watermarks of the workers that send them.
              { id: 'byStart', type: 'keyBy', params: { fields: ['windowStart'] } },
              {
                id: 'w2',
                type: 'window',
                params: {
                  kind: 'tumbling',
                  size: '3s',
                  aggregations: [
                    { fn: 'count', as: 'keys' },
                    { fn: 'max', field: 'n', as: 'most' },
                    { fn: 'min', field: 'least', as: 'least' },
                  ],
                },
              },
              { id: 'out2', type: 'sink.file', params: { path: 'out2.jsonl' } },
            ],
            edges: [
              { source: 'src', target: 'by' },
              { source: 'by', target: 'w' },
              { source: 'w', target: 'out' },
              { source: 'w', target: 'byStart' },
              { source: 'byStart', target: 'w2' },
              { source: 'w2', target: 'out2' },
            ],
          };
          const valid = validatePipeline({ ...doc, settings: { parallelism: p.parallelism } });
          if (!valid.ok) throw new Error(JSON.stringify(valid.problems));
          const placed = placePipeline(valid.value, planPipeline(valid.value));
          if (!placed.ok) throw new Error(JSON.stringify(placed.problems));
          const route = (i: number) => placed.value.routes.get(valid.value.edges[i]!)!;
          expect([route(1).combine, route(1).ordered]).toEqual([true, true]);
          expect([route(4).combine, route(4).ordered]).toEqual([true, false]);
          const one = await outputs(doc, dir, 1);
          const many = await outputs(doc, dir, p.parallelism);
          expect(many.rows).toEqual(one.rows);
          expect(many.counts).toEqual(one.counts);
        },
      ),
      { numRuns: 15 },
    );
  });

  it('a file of many reads (readers go straight to the blocks not yet claimed): bad lines by number, CSV too', async () => {
    // About 4 MB: several reads of the file, so that a reader finds blocks claimed by another
    // ahead of it and goes past them (io.ts), yet every line keeps its number.
    const events = outOfOrderEvents({ seed: 3, count: 40_000, users: 50, maxDelayMs: 2000 });
    const jsonl = events.map((r) => JSON.stringify(r));
    for (let i = 5; i < jsonl.length; i += 997) jsonl[i] = '{not json';
    const columns = ['ts', 'user', 'amount'] as const;
    const csv = [columns.join(','), ...events.map((r) => columns.map((c) => r[c]).join(','))];
    for (let i = 9; i < csv.length; i += 1013) csv[i] = 'x,,';
    const dir = folderWith({
      'many.jsonl': jsonl.join('\n') + '\n',
      'many.csv': csv.join('\n') + '\n',
    });
    for (const format of ['jsonl', 'csv'] as const) {
      const doc: PipelineDocument = {
        version: 1,
        name: `many reads (${format})`,
        nodes: [
          {
            id: 'src',
            type: 'source.file',
            params: {
              path: `many.${format}`,
              ...(format === 'csv' ? { format } : {}),
              eventTime: { field: 'ts', maxOutOfOrderness: '2s' },
            },
          },
          { id: 'by', type: 'keyBy', params: { fields: ['user'] } },
          {
            id: 'w',
            type: 'window',
            params: { kind: 'tumbling', size: '5s', aggregations: [{ fn: 'count', as: 'n' }] },
          },
          { id: 'out', type: 'sink.file', params: { path: 'out.jsonl' } },
          { id: 'bad', type: 'sink.file', params: { path: 'bad.jsonl' } },
        ],
        edges: [
          { source: 'src', target: 'by' },
          { source: 'by', target: 'w' },
          { source: 'w', target: 'out' },
          { source: 'src', sourceHandle: 'errors', target: 'bad' },
        ],
      };
      const one = await outputs(doc, dir, 1);
      expect(one.rows['bad.jsonl']!.length).toBeGreaterThan(30);
      for (const parallelism of [2, 3]) {
        const many = await outputs(doc, dir, parallelism);
        expect(many.rows).toEqual(one.rows);
        expect(many.result.deadLetters).toBe(one.result.deadLetters);
      }
    }
  });

  it('a join that sends one side to every worker (broadcast): the pairs of one thread (p1 = p2 = p3)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          seed: fc.integer({ min: 1, max: 10_000 }),
          count: fc.integer({ min: 500, max: 5000 }),
          users: fc.integer({ min: 1, max: 60 }),
          maxDelayMs: fc.constantFrom(0, 300, 3000),
          outOfOrderness: fc.constantFrom('0ms', '1s', '2s'),
          kind: fc.constantFrom('tumbling', 'sliding'),
          // Joined by window (as Nexmark q5: a count per user and the window's largest), or by
          // user (two windows of the same keys).
          by: fc.constantFrom('windowStart', 'user'),
          side: fc.constantFrom('left', 'right'),
          bounds: fc.constantFrom(['0ms', '0ms'], ['-2s', '1s'], ['0ms', '4s']),
          parallelism: fc.constantFrom(2, 3),
        }),
        async (p) => {
          const events = outOfOrderEvents(p).map((r) => JSON.stringify(r));
          const dir = folderWith({ 'in.jsonl': events.join('\n') + '\n' });
          const window = (aggregations: unknown[]) => ({
            kind: p.kind,
            size: '4s',
            ...(p.kind === 'sliding' ? { slide: '2s' } : {}),
            aggregations,
          });
          const byWindow = p.by === 'windowStart';
          const doc: PipelineDocument = {
            version: 1,
            name: 'broadcast join',
            nodes: [
              {
                id: 'src',
                type: 'source.file',
                params: {
                  path: 'in.jsonl',
                  eventTime: { field: 'ts', maxOutOfOrderness: p.outOfOrderness },
                },
              },
              { id: 'byUser', type: 'keyBy', params: { fields: ['user'] } },
              {
                id: 'counts',
                type: 'window',
                params: window([{ fn: 'count', as: 'n' }]),
              },
              { id: 'left', type: 'keyBy', params: { fields: [p.by] } },
              { id: 'right', type: 'keyBy', params: { fields: [p.by] } },
              {
                id: 'most',
                type: 'window',
                params: byWindow
                  ? {
                      kind: 'tumbling',
                      size: p.kind === 'sliding' ? '2s' : '4s',
                      aggregations: [{ fn: 'max', field: 'n', as: 'top' }],
                    }
                  : window([{ fn: 'max', field: 'amount', as: 'top' }]),
              },
              {
                id: 'j',
                type: 'join.interval',
                params: {
                  lowerBound: p.bounds[0],
                  upperBound: p.bounds[1],
                  rightPrefix: 'r_',
                  broadcast: p.side,
                },
              },
              { id: 'out', type: 'sink.file', params: { path: 'out.jsonl' } },
            ],
            edges: [
              { source: 'src', target: 'byUser' },
              { source: 'byUser', target: 'counts' },
              { source: 'counts', target: 'left' },
              byWindow
                ? { source: 'counts', target: 'right' }
                : { source: 'byUser', target: 'right' },
              { source: 'right', target: 'most' },
              { source: 'left', target: 'j', targetHandle: 'left' },
              { source: 'most', target: 'j', targetHandle: 'right' },
              { source: 'j', target: 'out' },
            ],
          };
          // The side asked for goes to every worker, the other stays.
          const valid = validatePipeline({ ...doc, settings: { parallelism: p.parallelism } });
          if (!valid.ok) throw new Error(JSON.stringify(valid.problems));
          const placed = placePipeline(valid.value, planPipeline(valid.value));
          if (!placed.ok) throw new Error(JSON.stringify(placed.problems));
          const kinds = valid.value.edges
            .filter((e) => e.target === 'j')
            .map((e) => [e.targetHandle, placed.value.routes.get(e)!.kind]);
          expect(Object.fromEntries(kinds)).toEqual(
            p.side === 'left'
              ? { left: 'broadcast', right: 'forward' }
              : { left: 'forward', right: 'broadcast' },
          );
          const one = await outputs(doc, dir, 1);
          const many = await outputs(doc, dir, p.parallelism);
          expect(many.rows).toEqual(one.rows);
          // The broadcast side's records are counted once, not once per worker.
          expect(many.counts).toEqual(one.counts);
        },
      ),
      { numRuns: 12 },
    );
  });

  it('records cross once, into the stateful node: a keyBy or filter after a keyBy runs where they were read (late records as one thread)', async () => {
    const events = outOfOrderEvents({ seed: 1, count: 3000, users: 5, maxDelayMs: 3000 });
    const dir = folderWith({ 'in.jsonl': events.map((r) => JSON.stringify(r)).join('\n') + '\n' });
    const doc: PipelineDocument = {
      version: 1,
      name: 'keyBy after keyBy',
      nodes: [
        {
          id: 'src',
          type: 'source.file',
          params: { path: 'in.jsonl', eventTime: { field: 'ts', maxOutOfOrderness: '0ms' } },
        },
        { id: 'byUser', type: 'keyBy', params: { fields: ['user'] } },
        { id: 'big', type: 'filter', params: { expr: 'amount > 10' } },
        { id: 'byCountry', type: 'keyBy', params: { fields: ['country'] } },
        {
          id: 'w',
          type: 'window',
          params: {
            kind: 'tumbling',
            size: '4s',
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
        { source: 'byUser', target: 'big' },
        { source: 'big', target: 'byCountry' },
        { source: 'byCountry', target: 'w' },
        { source: 'w', target: 'out' },
      ],
    };
    const valid = validatePipeline({ ...doc, settings: { parallelism: 2 } });
    if (!valid.ok) throw new Error(JSON.stringify(valid.problems));
    const placed = placePipeline(valid.value, planPipeline(valid.value));
    if (!placed.ok) throw new Error(JSON.stringify(placed.problems));
    expect(
      valid.value.edges.map((e) => {
        const route = placed.value.routes.get(e)!;
        return `${e.source}->${e.target}: ${route.kind}${route.ordered ? ' (in order)' : ''}`;
      }),
    ).toEqual([
      'src->byUser: forward',
      'byUser->big: forward',
      'big->byCountry: forward',
      'byCountry->w: hash (in order)',
      'w->out: forward',
    ]);
    const one = await outputs(doc, dir, 1);
    const late = (r: { result: { nodes: { nodeId: string; lateRecords?: number }[] } }) =>
      r.result.nodes.find((n) => n.nodeId === 'w')!.lateRecords;
    expect(late(one)).toBeGreaterThan(0);
    for (const parallelism of [2, 3]) {
      const many = await outputs(doc, dir, parallelism);
      expect(many.rows).toEqual(one.rows);
      expect(late(many)).toBe(late(one));
    }
  });

  it('a join that asks for broadcast with a late port goes by key (a late record would go out once per worker)', () => {
    const doc = nexmarkPipeline('q5', 'events.jsonl', 'out.jsonl') as PipelineDocument;
    const withLate: PipelineDocument = {
      ...doc,
      nodes: [...doc.nodes, { id: 'lateOut', type: 'sink.file', params: { path: 'late.jsonl' } }],
      edges: [...doc.edges, { source: 'withMax', sourceHandle: 'late', target: 'lateOut' }],
    };
    const routesOf = (d: PipelineDocument) => {
      const valid = validatePipeline({ ...d, settings: { parallelism: 2 } });
      if (!valid.ok) throw new Error(JSON.stringify(valid.problems));
      const placed = placePipeline(valid.value, planPipeline(valid.value));
      if (!placed.ok) throw new Error(JSON.stringify(placed.problems));
      return valid.value.edges
        .filter((e) => e.target === 'withMax')
        .map((e) => `${e.targetHandle}: ${placed.value.routes.get(e)!.kind}`);
    };
    expect(routesOf(doc)).toEqual(['left: forward', 'right: broadcast']);
    expect(routesOf(withLate)).toEqual(['left: hash', 'right: forward']);
  });

  it('an unpaced generator is split by blocks of records: the same windows as one thread', async () => {
    const dir = folderWith({});
    const doc: PipelineDocument = {
      version: 1,
      name: 'generated',
      nodes: [
        {
          id: 'g',
          type: 'source.generator',
          params: { scenario: 'transactions', limit: 30_000, seed: 4, maxOutOfOrderness: '2s' },
        },
        { id: 'by', type: 'keyBy', params: { fields: ['merchantCategory'] } },
        {
          id: 'w',
          type: 'window',
          params: {
            kind: 'tumbling',
            size: '1s',
            aggregations: [
              { fn: 'count', as: 'n' },
              { fn: 'max', field: 'amount', as: 'most' },
            ],
          },
        },
        { id: 'out', type: 'sink.file', params: { path: 'out.jsonl' } },
      ],
      edges: [
        { source: 'g', target: 'by' },
        { source: 'by', target: 'w' },
        { source: 'w', target: 'out' },
      ],
    };
    const one = await outputs(doc, dir, 1);
    const two = await outputs(doc, dir, 2);
    expect(one.rows['out.jsonl']!.length).toBeGreaterThan(100);
    expect(two.rows).toEqual(one.rows);
  });

  it('rivulet run takes settings.parallelism', async () => {
    const dir = folderWith(inputs());
    const doc = { ...pipelineOf(DIFFERENTIAL_CASES[0]!), settings: { parallelism: 2 } };
    writeFileSync(join(dir, 'p.json'), JSON.stringify(doc));
    let err = '';
    const io = { out: () => {}, err: (t: string) => void (err += t + '\n') };
    expect(await main(['run', join(dir, 'p.json')], io)).toBe(0);
    const two = canonicalRows(read(join(dir, 'out.jsonl')));
    expect(err).toMatch(/finished in/);
    const one = await outputs(pipelineOf(DIFFERENTIAL_CASES[0]!), dir, 1);
    expect(two).toEqual(one.rows['out.jsonl']);
  });

  it('refuses what cannot be split, naming the node', () => {
    const doc = {
      version: 1,
      name: 'paced',
      settings: { parallelism: 2 },
      nodes: [
        { id: 'g', type: 'source.generator', params: { scenario: 'transactions', ratePerSec: 10 } },
        { id: 'out', type: 'sink.console', params: {} },
      ],
      edges: [{ source: 'g', target: 'out' }],
    };
    const valid = validatePipeline(doc);
    expect(valid.ok).toBe(true);
    expect(() => new ParallelJob((valid as unknown as { value: never }).value)).toThrow(
      /paced generator/,
    );
  });

  it('refuses a parallelism out of range', () => {
    for (const parallelism of [0, 1.5, 17, '2'])
      expect(
        validatePipeline({ version: 1, name: 'x', settings: { parallelism }, nodes: [], edges: [] })
          .ok,
      ).toBe(false);
  });

  it('keeps warm workers between runs that finished, and ends those of a run stopped', async () => {
    await endIdleWorkers();
    const dir = folderWith(inputs());
    const doc = pipelineOf(DIFFERENTIAL_CASES[0]!);
    const first = await outputs(doc, dir, 2);
    const kept = [...idleWorkers()];
    expect(kept).toHaveLength(2);
    const ids = kept.map((w) => w.threadId).sort();
    // The next run takes the same threads, and gives the same results.
    const second = await outputs(doc, dir, 2);
    expect(second.rows).toEqual(first.rows);
    expect(
      idleWorkers()
        .map((w) => w.threadId)
        .sort(),
    ).toEqual(ids);
    // A run stopped ends its workers (they may hold a half-done run's state).
    const valid = validatePipeline(
      { ...doc, settings: { parallelism: 2 } },
      { checkPath: relativeTo(dir) },
    );
    if (!valid.ok) throw new Error('invalid');
    const job = new ParallelJob(valid.value, { baseDir: dir });
    job.stop();
    expect((await job.run()).status).toBe('stopped');
    expect(idleWorkers()).toHaveLength(0);
  });
});

describe('parallelism: every Nexmark query (examples/nexmark) gives the records of one thread', () => {
  // 30,000 events: about 60 blocks of lines, so that blocks cross between workers out of order.
  const dir = folderWith({});
  const ready = writeNexmarkFile(join(dir, 'events.jsonl'), { events: 30_000 });

  it.each(NEXMARK_QUERIES.map((q) => [q]))(
    '%s at parallelism 2 and 3',
    async (query) => {
      await ready;
      const doc = nexmarkPipeline(query, 'events.jsonl', `${query}.jsonl`) as PipelineDocument;
      const one = await outputs(doc, dir, 1);
      expect(Object.values(one.rows)[0]!.length).toBeGreaterThan(0);
      for (const parallelism of [2, 3]) {
        const valid = validatePipeline({ ...doc, settings: { parallelism } });
        // A query that cannot run in parallel says why, naming the node (covered elsewhere).
        if (valid.ok && parallelProblems(valid.value).length > 0) return;
        expect((await outputs(doc, dir, parallelism)).rows).toEqual(one.rows);
      }
    },
    300_000,
  );
});

describe('what crosses between workers', () => {
  it('a join side crosses with the fields read after the join, its prefix taken off, and its keys', () => {
    const valid = validatePipeline(nexmarkPipeline('q5', 'events.jsonl', 'out.jsonl'));
    if (!valid.ok) throw new Error(JSON.stringify(valid.problems));
    const plan = planPipeline(valid.value);
    // After the join: a filter on num and max_maxn, then a map keeping auction and num.
    expect(fieldsNeeded(plan, 'withMax', 'left')?.sort()).toEqual(
      ['auction', 'max_maxn', 'num', 'windowStart'].sort(),
    );
    expect(fieldsNeeded(plan, 'withMax', 'right')?.sort()).toEqual(['maxn', 'windowStart']);
    // A window crosses with its keys and what it aggregates; a node that passes whole records
    // on to a sink, with all of them.
    expect(fieldsNeeded(plan, 'counts')).toEqual(['auction']);
    expect(fieldsNeeded(plan, 'out')).toBeNull();
  });
});
