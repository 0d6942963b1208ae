import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nodeIO } from './io.js';
import { Job } from './job.js';
import { relativeTo } from './paths.js';
import { readJsonl, tempDir, writeJsonl } from './test-support/files.js';
import { validatePipeline } from './validate.js';

function job(doc: unknown, folder: string, print: (line: string) => void = () => {}): Job {
  const valid = validatePipeline(doc, { checkPath: relativeTo(folder) });
  if (!valid.ok) throw new Error(JSON.stringify(valid.problems));
  return new Job(valid.value, { io: nodeIO(print), batchSize: 7 });
}

interface Ev {
  ts: number;
  k: string;
  v: number;
  keep: boolean;
}

/**
 * Independent model of source watermark (spec §3) + tumbling window (spec §5) for count and
 * sum: the watermark rises with EVERY record, kept by the filter or not.
 */
function model(events: Ev[], ooo: number, size: number, lateness: number, keyed: boolean) {
  let W = -Infinity;
  let maxTs = -Infinity;
  const windows = new Map<
    string,
    { key: string; start: number; values: number[]; fired: boolean }
  >();
  const out: string[] = [];
  let late = 0;
  const fire = (w: { key: string; start: number; values: number[]; fired: boolean }) => {
    w.fired = true;
    const rec: Record<string, unknown> = keyed ? { k: w.key } : {};
    Object.assign(rec, {
      windowStart: w.start,
      windowEnd: w.start + size,
      n: w.values.length,
      total: w.values.reduce((a, b) => a + b, 0),
    });
    out.push(JSON.stringify(rec));
  };
  for (const e of events) {
    if (e.keep) {
      const start = e.ts - (((e.ts % size) + size) % size);
      if (start + size - 1 + lateness <= W) late++;
      else {
        const id = `${keyed ? e.k : ''}|${start}`;
        const w = windows.get(id) ?? { key: e.k, start, values: [], fired: false };
        windows.set(id, w);
        w.values.push(e.v);
        if (start + size - 1 <= W) fire(w);
      }
    }
    maxTs = Math.max(maxTs, e.ts);
    W = Math.max(W, maxTs - ooo - 1);
    for (const w of windows.values()) if (!w.fired && w.start + size - 1 <= W) fire(w);
  }
  for (const w of windows.values()) if (!w.fired) fire(w);
  return { out: out.sort(), late };
}

describe('Job', () => {
  it('matches an independent model of watermarks and tumbling windows, filtered records raising the watermark', async () => {
    const event = fc.record({
      ts: fc.integer({ min: 0, max: 300 }),
      k: fc.constantFrom('a', 'b', 'c'),
      v: fc.integer({ min: -5, max: 20 }),
      keep: fc.boolean(),
    });
    await fc.assert(
      fc.asyncProperty(
        fc.array(event, { maxLength: 60 }),
        fc.integer({ min: 0, max: 40 }),
        fc.integer({ min: 1, max: 50 }),
        fc.constantFrom(0, 0, 7, 25),
        fc.boolean(),
        async (events, ooo, size, lateness, keyed) => {
          const dir = tempDir();
          writeJsonl(join(dir, 'in.jsonl'), events);
          const nodes = [
            {
              id: 'src',
              type: 'source.file',
              params: { path: 'in.jsonl', eventTime: { field: 'ts', maxOutOfOrderness: ooo } },
            },
            { id: 'f', type: 'filter', params: { expr: 'keep' } },
            ...(keyed ? [{ id: 'key', type: 'keyBy', params: { fields: ['k'] } }] : []),
            {
              id: 'w',
              type: 'window',
              params: {
                kind: 'tumbling',
                size,
                allowedLateness: lateness,
                aggregations: [
                  { fn: 'count', as: 'n' },
                  { fn: 'sum', field: 'v', as: 'total' },
                ],
              },
            },
            { id: 'out', type: 'sink.file', params: { path: 'out.jsonl' } },
          ];
          const ids = nodes.map((n) => n.id);
          const edges = ids.slice(1).map((id, i) => ({ source: ids[i]!, target: id }));
          const j = job({ version: 1, name: 'p', nodes, edges }, dir);
          const result = await j.run();
          expect(result.status).toBe('finished');
          const expected = model(events, ooo, size, lateness, keyed);
          const got = readJsonl(join(dir, 'out.jsonl'))
            .map((r) => JSON.stringify(r))
            .sort();
          expect(got).toEqual(expected.out);
          expect(j.metrics.get('w')!.lateRecords).toBe(expected.late);
          expect(j.metrics.get('f')!.recordsIn).toBe(events.length);
        },
      ),
      { numRuns: 120 },
    );
  });

  it('counts every bad line with its number and reason, processes the good ones, and finishes', async () => {
    const dir = tempDir();
    const lines = [
      '{"ts": 1000, "v": 1}',
      '{"ts": 2000, "v": ',
      '[1,2]',
      '',
      '"text"',
      '{"v": 3}',
      '{"ts": "not a time", "v": 4}',
      '{"ts": "1970-01-01T00:00:05Z", "v": 5}',
      'null',
      '{"ts": 6000, "v": 6}',
    ];
    writeFileSync(join(dir, 'in.jsonl'), lines.join('\n'));
    const doc = {
      version: 1,
      name: 'messy',
      nodes: [
        {
          id: 'src',
          type: 'source.file',
          params: { path: 'in.jsonl', eventTime: { field: 'ts' } },
        },
        { id: 'out', type: 'sink.file', params: { path: 'out.jsonl' } },
        { id: 'bad', type: 'sink.file', params: { path: 'bad.jsonl' } },
      ],
      edges: [
        { source: 'src', target: 'out' },
        { source: 'src', sourceHandle: 'errors', target: 'bad' },
      ],
    };
    const j = job(doc, dir);
    const result = await j.run();
    expect(result.status).toBe('finished');
    expect(readJsonl(join(dir, 'out.jsonl')).map((r) => r.v)).toEqual([1, 5, 6]);
    expect(result.deadLetters).toBe(6);
    expect(j.deadLetters[0]!.reason).toMatch(/^line 2: not valid JSON \(.+\)$/);
    expect(j.deadLetters.slice(1).map((d) => d.reason)).toEqual([
      'line 3: not a JSON object (got an array)',
      'line 5: not a JSON object (got string)',
      'line 6: event time field "ts" is missing',
      'line 7: event time field "ts" is neither ms since epoch nor ISO-8601 text: "not a time"',
      'line 9: not a JSON object (got null)',
    ]);
    const bad = readJsonl(join(dir, 'bad.jsonl'));
    expect(bad).toHaveLength(6);
    expect(bad[0]).toMatchObject({ node: 'src', record: { line: 2, text: '{"ts": 2000, "v": ' } });
    expect(j.metrics.get('src')!.deadLetters).toBe(6);
  });

  it('computes map fields from the input record', async () => {
    const dir = tempDir();
    writeJsonl(join(dir, 'in.jsonl'), [{ a: 1 }, { a: 2 }]);
    const doc = {
      version: 1,
      name: 'x',
      nodes: [
        { id: 'src', type: 'source.file', params: { path: 'in.jsonl' } },
        { id: 'm', type: 'map', params: { fields: { b: 'a * 2', c: "upper('x')" } } },
        { id: 'out', type: 'sink.file', params: { path: 'out.jsonl' } },
      ],
      edges: [
        { source: 'src', target: 'm' },
        { source: 'm', target: 'out' },
      ],
    };
    const j = job(doc, dir);
    const result = await j.run();
    expect(result.status).toBe('finished');
    expect(readJsonl(join(dir, 'out.jsonl'))).toEqual([
      { a: 1, b: 2, c: 'X' },
      { a: 2, b: 4, c: 'X' },
    ]);
  });

  it('fails with the node named when an operator throws, without throwing itself', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'in.csv'), '"unterminated\n1\n');
    const doc = {
      version: 1,
      name: 'x',
      nodes: [
        { id: 'csv', type: 'source.file', params: { path: 'in.csv', format: 'csv' } },
        { id: 'out', type: 'sink.console', params: {} },
      ],
      edges: [{ source: 'csv', target: 'out' }],
    };
    const result = await job(doc, dir).run();
    expect(result.status).toBe('failed');
    expect(result.error?.nodeId).toBe('csv');
    expect(result.error?.message).toContain('node "csv"');
  });

  it('reads CSV with quoted cells and numeric cells as numbers', async () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'in.csv'),
      'id,name,score\r\n1,"Smith, ""J""",2.5\r\n2,plain,x1\r\n3,short\r\n',
    );
    const doc = {
      version: 1,
      name: 'x',
      nodes: [
        { id: 'csv', type: 'source.file', params: { path: 'in.csv', format: 'csv' } },
        { id: 'out', type: 'sink.file', params: { path: 'out.jsonl' } },
      ],
      edges: [{ source: 'csv', target: 'out' }],
    };
    const j = job(doc, dir);
    await j.run();
    expect(readJsonl(join(dir, 'out.jsonl'))).toEqual([
      { id: 1, name: 'Smith, "J"', score: 2.5 },
      { id: 2, name: 'plain', score: 'x1' },
    ]);
    expect(j.deadLetters[0]?.reason).toBe('line 4: expected 3 CSV cells, got 2');
  });

  it("takes the minimum watermark of a union's inputs", async () => {
    const dir = tempDir();
    // Source a runs far ahead in event time; b is slow. Windows of b's records must not be late.
    writeJsonl(join(dir, 'a.jsonl'), [
      { ts: 0, s: 'a' },
      { ts: 100_000, s: 'a' },
    ]);
    writeJsonl(join(dir, 'b.jsonl'), [
      { ts: 10, s: 'b' },
      { ts: 20, s: 'b' },
      { ts: 30, s: 'b' },
    ]);
    const doc = {
      version: 1,
      name: 'x',
      nodes: [
        { id: 'a', type: 'source.file', params: { path: 'a.jsonl', eventTime: { field: 'ts' } } },
        { id: 'b', type: 'source.file', params: { path: 'b.jsonl', eventTime: { field: 'ts' } } },
        { id: 'u', type: 'union', params: {} },
        {
          id: 'w',
          type: 'window',
          params: { kind: 'tumbling', size: 1000, aggregations: [{ fn: 'count', as: 'n' }] },
        },
        { id: 'out', type: 'sink.file', params: { path: 'out.jsonl' } },
      ],
      edges: [
        { source: 'a', target: 'u' },
        { source: 'b', target: 'u' },
        { source: 'u', target: 'w' },
        { source: 'w', target: 'out' },
      ],
    };
    const j = job(doc, dir);
    await j.run();
    expect(j.metrics.get('w')!.lateRecords).toBe(0);
    expect(
      readJsonl(join(dir, 'out.jsonl')).sort(
        (x, y) => Number(x.windowStart) - Number(y.windowStart),
      ),
    ).toEqual([
      { windowStart: 0, windowEnd: 1000, n: 4 },
      { windowStart: 100_000, windowEnd: 101_000, n: 1 },
    ]);
  });

  it('stops an unbounded source cleanly, closing its sinks', async () => {
    const dir = tempDir();
    const doc = {
      version: 1,
      name: 'x',
      nodes: [
        { id: 'gen', type: 'source.generator', params: { scenario: 'sensors', ratePerSec: 2000 } },
        { id: 'out', type: 'sink.file', params: { path: 'out.jsonl' } },
      ],
      edges: [{ source: 'gen', target: 'out' }],
    };
    let printed = 0;
    const j = job(doc, dir);
    const running = j.run();
    // Stop once records have demonstrably flowed (polled on the job's own counter).
    await expect
      .poll(() => j.metrics.get('out')!.recordsIn, { timeout: 10_000 })
      .toBeGreaterThan(50);
    j.stop();
    const result = await running;
    printed = readJsonl(join(dir, 'out.jsonl')).length;
    expect(result.status).toBe('stopped');
    expect(printed).toBe(j.metrics.get('out')!.recordsIn);
  });

  it('is finished only once every sink has closed', async () => {
    const dir = tempDir();
    writeJsonl(join(dir, 'in.jsonl'), [{ v: 1 }, { v: 2 }]);
    const valid = validatePipeline(
      {
        version: 1,
        name: 'slow close',
        nodes: [
          { id: 'src', type: 'source.file', params: { path: 'in.jsonl' } },
          { id: 'out', type: 'sink.file', params: { path: 'out.jsonl' } },
        ],
        edges: [{ source: 'src', target: 'out' }],
      },
      { checkPath: relativeTo(dir) },
    );
    if (!valid.ok) throw new Error(JSON.stringify(valid.problems));
    let closing!: () => void;
    let closeCalled = false;
    const io = nodeIO();
    const j = new Job(valid.value, {
      io: {
        ...io,
        openWriter: (path) => {
          const writer = io.openWriter(path);
          return {
            ...writer,
            close: async () => {
              closeCalled = true;
              await new Promise<void>((resolve) => (closing = resolve));
              await writer.close();
            },
          };
        },
      },
    });
    const running = j.run();
    await expect.poll(() => closeCalled, { timeout: 10_000 }).toBe(true);
    expect(j.status).toBe('running');
    closing();
    expect((await running).status).toBe('finished');
    expect(readJsonl(join(dir, 'out.jsonl'))).toHaveLength(2);
  });

  it("counts dedupe's dropped repeats where telemetry reads them", async () => {
    const dir = tempDir();
    writeJsonl(
      join(dir, 'in.jsonl'),
      [1, 1, 2, 1, 3, 2].map((k, i) => ({ k, ts: 1000 + i })),
    );
    const j = job(
      {
        version: 1,
        name: 'dedupe',
        nodes: [
          {
            id: 'src',
            type: 'source.file',
            params: { path: 'in.jsonl', eventTime: { field: 'ts' } },
          },
          { id: 'once', type: 'dedupe', params: { fields: ['k'], ttl: '1m' } },
          { id: 'out', type: 'sink.file', params: { path: 'out.jsonl' } },
        ],
        edges: [
          { source: 'src', target: 'once' },
          { source: 'once', target: 'out' },
        ],
      },
      dir,
    );
    const result = await j.run();
    expect(result.status).toBe('finished');
    expect(result.nodes.find((n) => n.nodeId === 'once')).toMatchObject({
      recordsIn: 6,
      recordsOut: 3,
      dropped: 3,
    });
  });

  it('feeds a two-input join through its named inputs, with the minimum watermark', async () => {
    const dir = tempDir();
    writeJsonl(join(dir, 'clicks.jsonl'), [
      { ts: 1000, user: 'u1', page: 'a' },
      { ts: 5000, user: 'u2', page: 'b' },
      { ts: 9000, user: 'u1', page: 'c' },
    ]);
    writeJsonl(join(dir, 'buys.jsonl'), [
      { ts: 2000, user: 'u1', item: 'x' },
      { ts: 30000, user: 'u2', item: 'y' },
    ]);
    const doc = {
      version: 1,
      name: 'join',
      nodes: [
        {
          id: 'clicks',
          type: 'source.file',
          params: { path: 'clicks.jsonl', eventTime: { field: 'ts' } },
        },
        {
          id: 'buys',
          type: 'source.file',
          params: { path: 'buys.jsonl', eventTime: { field: 'ts' } },
        },
        { id: 'k1', type: 'keyBy', params: { fields: ['user'] } },
        { id: 'k2', type: 'keyBy', params: { fields: ['user'] } },
        { id: 'j', type: 'join.interval', params: { lowerBound: 0, upperBound: '5s' } },
        { id: 'out', type: 'sink.file', params: { path: 'out.jsonl' } },
      ],
      edges: [
        { source: 'clicks', target: 'k1' },
        { source: 'buys', target: 'k2' },
        { source: 'k1', target: 'j', targetHandle: 'left' },
        { source: 'k2', target: 'j', targetHandle: 'right' },
        { source: 'j', target: 'out' },
      ],
    };
    const j = job(doc, dir);
    const result = await j.run();
    expect(result.status).toBe('finished');
    expect(readJsonl(join(dir, 'out.jsonl'))).toEqual([
      { ts: 1000, user: 'u1', page: 'a', right_ts: 2000, right_user: 'u1', right_item: 'x' },
    ]);
    expect(j.metrics.get('j')!.recordsIn).toBe(5);
  });

  it('waits for a lookup table before the sources start', async () => {
    const dir = tempDir();
    writeJsonl(join(dir, 'tx.jsonl'), [
      { card: 'c1', amount: 5 },
      { card: 'c9', amount: 7 },
    ]);
    writeFileSync(join(dir, 'cards.csv'), 'card,country\nc1,NL\n');
    const doc = {
      version: 1,
      name: 'lookup',
      nodes: [
        { id: 'tx', type: 'source.file', params: { path: 'tx.jsonl' } },
        {
          id: 'enrich',
          type: 'join.lookup',
          params: { path: 'cards.csv', format: 'csv', key: 'card' },
        },
        { id: 'out', type: 'sink.file', params: { path: 'out.jsonl' } },
      ],
      edges: [
        { source: 'tx', target: 'enrich' },
        { source: 'enrich', target: 'out' },
      ],
    };
    const result = await job(doc, dir).run();
    expect(result.status).toBe('finished');
    expect(readJsonl(join(dir, 'out.jsonl'))).toEqual([
      { card: 'c1', amount: 5, country: 'NL' },
      { card: 'c9', amount: 7 },
    ]);
  });
});
