// The export's refusals and its script's shape, without a JVM (the differential tests in
// differential.test.ts run the scripts on real Flink).
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ExportResponse, PipelineDocument } from '@rivulet/shared-types';
import { describe, expect, inject, it } from 'vitest';
import { main } from '../../cli/main.js';
import { tempDir, writeJsonl } from '../../test-support/files.js';
import { api, testServer } from '../../test-support/server.js';
import { expressionToSql, type Sql } from './expr.js';
import { interval, numberLiteral } from './sql.js';

async function cli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const INPUT = [
  { user: 'a', amount: 3, country: 'fr', ts: 1000 },
  { user: 'b', amount: 5.5, country: 'de', ts: 900 },
];

function pipeline(
  nodes: PipelineDocument['nodes'],
  edges: [string, string, string?][],
): PipelineDocument {
  return {
    version: 1,
    name: 'export test',
    nodes,
    edges: edges.map(([source, target, targetHandle]) => ({
      source,
      target,
      ...(targetHandle ? { targetHandle } : {}),
    })),
  };
}

function write(dir: string, doc: PipelineDocument): string {
  const file = join(dir, 'p.json');
  writeFileSync(file, JSON.stringify(doc));
  return file;
}

const source = (id = 'src', path = 'in.jsonl') => ({
  id,
  type: 'source.file',
  params: { path, eventTime: { field: 'ts', maxOutOfOrderness: '2s' } },
});

describe('rivulet export --target flink-sql', () => {
  it('writes a script: tables with watermarks, views, windows, one INSERT per sink', async () => {
    const dir = tempDir();
    writeJsonl(join(dir, 'in.jsonl'), INPUT);
    const file = write(
      dir,
      pipeline(
        [
          source(),
          { id: 'big', type: 'filter', params: { expr: 'amount / 2 > 1 && country != null' } },
          { id: 'by', type: 'keyBy', params: { fields: ['user'] } },
          {
            id: 'w',
            type: 'window',
            params: {
              kind: 'sliding',
              size: '1h',
              slide: '10m',
              aggregations: [{ fn: 'avg', field: 'amount', as: 'mean' }],
            },
          },
          { id: 'out', type: 'sink.file', params: { path: 'out.jsonl' } },
          { id: 'print', type: 'sink.console', params: {} },
        ],
        [
          ['src', 'big'],
          ['big', 'by'],
          ['by', 'w'],
          ['w', 'out'],
          ['w', 'print'],
        ],
      ),
    );
    const sql = join(dir, 'job.sql');
    const result = await cli(
      'export',
      file,
      '--target',
      'flink-sql',
      '-o',
      sql,
      '--sink-dir',
      join(dir, 'sinks'),
    );
    expect(result.err).toContain('written to');
    expect(result.code).toBe(0);
    const script = (await import('node:fs')).readFileSync(sql, 'utf8');
    // Rivulet's watermark is max - 2000 - 1.
    expect(script).toContain("WATERMARK FOR `__rt` AS `__rt` - INTERVAL '2.001' SECOND");
    expect(script).toContain('`user` STRING');
    expect(script).toContain('`amount` DOUBLE');
    expect(script).toContain('`ts` BIGINT');
    expect(script).toContain(`'path' = 'file://${dir}/in.jsonl'`);
    expect(script).toContain(`'path' = 'file://${dir}/sinks/out'`);
    expect(script).toContain(
      "HOP(TABLE `v_by`, DESCRIPTOR(`__rt`), INTERVAL '10' MINUTE, INTERVAL '1' HOUR)",
    );
    expect(script).toContain('AVG(CAST(`amount` AS DOUBLE))');
    expect(script).toContain("'connector' = 'print'");
    expect(script).toMatch(
      /EXECUTE STATEMENT SET BEGIN\nINSERT INTO `sink_out`[^;]*;\nINSERT INTO `sink_print`[^;]*;\nEND;/,
    );
    expect(script).toContain("SET 'pipeline.auto-watermark-interval' = '0';");
    expect(script).toContain("SET 'table.local-time-zone' = 'UTC';");
  });

  it('refuses every case it cannot export faithfully, each named by node and field, exit 2, nothing written', async () => {
    const dir = tempDir();
    writeJsonl(join(dir, 'in.jsonl'), INPUT);
    writeJsonl(join(dir, 'table.jsonl'), [{ id: 'a' }]);
    writeJsonl(join(dir, 'mixed.jsonl'), [
      { v: 1, ts: 1 },
      { v: 'x', ts: 2 },
      { nested: { a: 1 }, ts: 3 },
      { ts: 'soon' },
    ]);
    const doc = pipeline(
      [
        source(),
        { id: 'gen', type: 'source.generator', params: { scenario: 'clickstream', limit: 10 } },
        source('mixed', 'mixed.jsonl'),
        { id: 'clock', type: 'filter', params: { expr: 'now() > ts && trim(country) == "fr"' } },
        { id: 'look', type: 'join.lookup', params: { path: 'table.jsonl', key: 'id', on: 'user' } },
        { id: 'by', type: 'keyBy', params: { fields: ['user'] } },
        {
          id: 'late',
          type: 'window',
          params: { kind: 'tumbling', size: '10s', allowedLateness: '5s' },
        },
        {
          id: 'odd',
          type: 'window',
          params: { kind: 'sliding', size: '10s', slide: '3s' },
        },
        {
          id: 'top',
          type: 'topN',
          params: { by: 'amount', window: { kind: 'sliding', size: '10s', slide: '4s' } },
        },
        { id: 'once', type: 'dedupe', params: { ttl: '1m' } },
        {
          id: 'seq',
          type: 'pattern',
          params: { steps: [{ name: 'a', where: 'amount > 1' }], within: '1m' },
        },
        { id: 'dash', type: 'sink.dashboard', params: {} },
        { id: 'lateOut', type: 'sink.console', params: {} },
        ...['odd', 'top', 'once', 'seq', 'gen', 'mixed'].map((from) => ({
          id: `out_${from}`,
          type: 'sink.console',
          params: {},
        })),
      ],
      [
        ['src', 'clock'],
        ['clock', 'look'],
        ['look', 'by'],
        ['by', 'late'],
        ['by', 'odd'],
        ['by', 'top'],
        ['by', 'once'],
        ['by', 'seq'],
        ['late', 'dash'],
        ['odd', 'out_odd'],
        ['top', 'out_top'],
        ['once', 'out_once'],
        ['seq', 'out_seq'],
        ['gen', 'out_gen'],
        ['mixed', 'out_mixed'],
      ],
    );
    doc.edges.push({ source: 'late', target: 'lateOut', sourceHandle: 'late' });
    const file = write(dir, doc);
    const sql = join(dir, 'job.sql');
    const result = await cli('export', file, '--target', 'flink-sql', '-o', sql);
    expect(result.code).toBe(2);
    expect(existsSync(sql)).toBe(false);
    const expected: [string, RegExp][] = [
      ['node "gen"', /generator cannot be exported/],
      ['node "mixed", params.path', /field "v" holds values of different types/],
      ['node "mixed", params.path', /field "nested" holds objects or arrays/],
      ['node "mixed", params.path', /line 4 has no event time/],
      ['node "clock", params.expr', /now\(\) reads the wall clock/],
      ['node "clock", params.expr', /trim\(\)/],
      ['node "look"', /join.lookup cannot be exported/],
      ['node "late", params.allowedLateness', /allowed lateness cannot be exported/],
      ['node "late"', /late port is connected \(to "lateOut"\)/],
      [
        'node "odd", params.slide',
        /multiple of the slide \(10000 ms is not a multiple of 3000 ms\)/,
      ],
      ['node "top", params.window.slide', /multiple of the slide/],
      ['node "once"', /dedupe cannot be exported/],
      ['node "seq"', /MATCH_RECOGNIZE/],
      ['node "dash"', /dashboard sink cannot be exported/],
    ];
    for (const [where, what] of expected) {
      const line = result.err.split('\n').find((l) => l.includes(`${where}: `) && what.test(l));
      expect(line, `${where}: ${String(what)}\n${result.err}`).toBeDefined();
    }
  });

  it('refuses an unknown target and an invalid pipeline with exit 2', async () => {
    const dir = tempDir();
    writeJsonl(join(dir, 'in.jsonl'), INPUT);
    const file = write(
      dir,
      pipeline([source(), { id: 'f', type: 'filter', params: {} }], [['src', 'f']]),
    );
    expect((await cli('export', file, '--target', 'spark')).code).toBe(2);
    const invalid = await cli('export', file, '--target', 'flink-sql');
    expect(invalid.code).toBe(2);
    expect(invalid.err).toMatch(/node "f", params.expr: /);
  });

  it('names a Kafka topic that does not exist, and a broker that does not answer', async () => {
    const dir = tempDir();
    const kafka = (bootstrap: string) =>
      write(
        dir,
        pipeline(
          [
            {
              id: 'src',
              type: 'source.kafka',
              params: { bootstrapServers: [bootstrap], topic: 'no-such-topic', groupId: 'g' },
            },
            { id: 'out', type: 'sink.console', params: {} },
          ],
          [['src', 'out']],
        ),
      );
    const missing = await cli('export', kafka(inject('kafkaBootstrap')), '--target', 'flink-sql');
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('node "src", params.topic: topic "no-such-topic" does not exist');
    const down = await cli('export', kafka('127.0.0.1:9'), '--target', 'flink-sql');
    expect(down.code).toBe(2);
    expect(down.err).toContain('node "src", params.topic: cannot read the topic');
    expect(down.err).toContain('no broker answers at 127.0.0.1:9');
  }, 60_000);

  it('is served by POST /api/export/flink-sql, reading files in the data directory', async () => {
    const server = await testServer({ demo: false });
    try {
      writeJsonl(join(server.dataDir, 'files', 'in.jsonl'), INPUT);
      const good = pipeline(
        [source(), { id: 'out', type: 'sink.console', params: {} }],
        [['src', 'out']],
      );
      const ok = await api<ExportResponse>(server, 'POST', '/api/export/flink-sql', good);
      expect(ok.status).toBe(200);
      expect(ok.body.problems).toEqual([]);
      expect(ok.body.script).toContain('CREATE TEMPORARY TABLE `src_src`');
      const bad = pipeline(
        [
          source(),
          { id: 'w', type: 'window', params: { size: '1s', allowedLateness: '1s' } },
          { id: 'out', type: 'sink.dashboard', params: {} },
        ],
        [
          ['src', 'w'],
          ['w', 'out'],
        ],
      );
      const refused = await api<ExportResponse>(server, 'POST', '/api/export/flink-sql', bad);
      expect(refused.body.script).toBeNull();
      expect(refused.body.problems.map((p) => [p.nodeId, p.path])).toEqual([
        ['w', ['allowedLateness']],
        ['out', undefined],
      ]);
    } finally {
      await server.close();
    }
  });
});

describe('expressions in Flink SQL', () => {
  const scope = (name: string): Sql | null =>
    (({
      n: { text: '`n`', kind: 'number' },
      i: { text: '`i`', kind: 'number', integer: true },
      s: { text: '`s`', kind: 'string' },
      b: { text: '`b`', kind: 'boolean' },
    })[name] as Sql | undefined) ?? null;
  const sql = (text: string) => {
    const t = expressionToSql(text, scope);
    return t.ok ? t.sql : t.problems;
  };

  it('decides type rules statically, as Rivulet evaluates them', () => {
    expect(sql('n + s')).toMatchObject({ text: 'NULL', kind: 'null' });
    expect(sql('s + s')).toMatchObject({ text: '(`s` || `s`)', kind: 'string' });
    expect(sql('n < s')).toMatchObject({ text: 'FALSE', kind: 'boolean' });
    expect(sql('n / 0')).toMatchObject({ text: '(`n` / NULLIF(0E0, 0E0))', kind: 'number' });
    expect(sql('n % 2')).toEqual([expect.stringContaining('MOD takes whole numbers')]);
    expect(sql('i % 2')).toMatchObject({
      text: 'CAST(MOD(CAST(`i` AS BIGINT), NULLIF(CAST(2E0 AS BIGINT), 0)) AS DOUBLE)',
      integer: true,
    });
    expect(sql('n == missing')).toMatchObject({ text: '(`n` IS NULL)', kind: 'boolean' });
    expect(sql('n != s')).toMatchObject({
      text: '(NOT (`n` IS NULL AND `s` IS NULL))',
      kind: 'boolean',
    });
    expect(sql("contains(['a', 'b'], s)")).toMatchObject({
      text: "COALESCE(`s` IN ('a', 'b'), FALSE)",
      kind: 'boolean',
    });
  });

  it('refuses by name what has no exact SQL form', () => {
    expect(sql('n + s.x')).toEqual([expect.stringContaining('nested fields')]);
    expect(sql('toNumber(s)')).toEqual([expect.stringContaining('toNumber() of text')]);
    expect(sql('n && s')).toEqual([expect.stringContaining('&& mixes a number and string')]);
    expect(sql('round(n, n)')).toEqual([expect.stringContaining('round(x, digits)')]);
  });

  it('writes numbers and intervals Flink reads back as the same values', () => {
    expect(numberLiteral(0.1)).toBe('1E-1');
    expect(numberLiteral(1e21)).toBe('1E21');
    expect(numberLiteral(-2.5)).toBe('-2.5E0');
    expect(interval(2001)).toBe("INTERVAL '2.001' SECOND");
    expect(interval(60_000)).toBe("INTERVAL '1' MINUTE");
    expect(interval(3_600_000)).toBe("INTERVAL '1' HOUR");
    expect(interval(100_000)).toBe("INTERVAL '0 00:01:40.000' DAY(3) TO SECOND(3)");
    expect(interval(86_400_000 * 200 + 1)).toBe("INTERVAL '200 00:00:00.001' DAY(3) TO SECOND(3)");
    // Flink's planner refuses a leading precision above 3 ("DAY_INTERVAL_TYPES precision is
    // not supported: 6"): 1000 days and more are a sum (run on Flink by Nexmark q3's bench).
    expect(interval(86_400_000 * 1000)).toBe(
      "(INTERVAL '999 00:00:00.000' DAY(3) TO SECOND(3) + INTERVAL '1 00:00:00.000' DAY(3) TO SECOND(3))",
    );
  });
});
