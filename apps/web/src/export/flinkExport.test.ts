import { describe, expect, it } from 'vitest';
import type { GraphNode } from '../graph/types';
import {
  fieldOf,
  groupByNode,
  problemLine,
  problemsHeadline,
  codeSpans,
  sameGraph,
  shellWord,
  sqlFileName,
} from './flinkExport';

describe('sqlFileName', () => {
  it('is the pipeline name made safe, as the JSON export names it, with .sql', () => {
    expect(sqlFileName('Card payments: large / card')).toBe('Card payments- large - card.sql');
    expect(sqlFileName('clicks per user.json')).toBe('clicks per user.json.sql');
    expect(sqlFileName('   ')).toBe('pipeline.sql');
  });
});

describe('shellWord', () => {
  it('quotes a file name a shell would split or expand', () => {
    expect(shellWord('clicks.sql')).toBe('clicks.sql');
    expect(shellWord('e2e flink clicks.sql')).toBe("'e2e flink clicks.sql'");
    expect(shellWord("Bob's $HOME.sql")).toBe(`'Bob'\\''s $HOME.sql'`);
  });
});

describe('groupByNode', () => {
  const gen = { nodeId: 'gen', message: 'no generator in Flink SQL' };
  const late = { nodeId: 'w', path: ['allowedLateness'], message: 'late rows dropped' };
  const agg = { nodeId: 'w', path: ['aggregations', 1, 'fn'], message: 'no such aggregate' };

  it('keeps the document order of nodes and the answer order within one', () => {
    const groups = groupByNode([late, gen, agg], ['gen', 'key', 'w', 'out']);
    expect(groups).toEqual([
      { nodeId: 'gen', known: true, problems: [gen] },
      { nodeId: 'w', known: true, problems: [late, agg] },
    ]);
  });

  it('puts nodes the document lacks, then problems naming no node, last', () => {
    const edge = { edge: 'a→b', message: 'an edge Flink cannot follow' };
    const whole = { message: 'the pipeline is empty' };
    const ghost = { nodeId: 'ghost', message: 'renamed meanwhile' };
    expect(groupByNode([whole, ghost, edge, gen], ['gen'])).toEqual([
      { nodeId: 'gen', known: true, problems: [gen] },
      { nodeId: 'ghost', known: false, problems: [ghost] },
      { nodeId: null, known: false, problems: [whole, edge] },
    ]);
  });

  it('is empty without problems', () => {
    expect(groupByNode([], ['a'])).toEqual([]);
  });
});

describe('fieldOf and problemLine', () => {
  it('name the param path as the CLI does, and an edge when no node is named', () => {
    expect(fieldOf({ nodeId: 'w', path: ['aggregations', 0, 'field'], message: 'm' })).toBe(
      'params.aggregations.0.field',
    );
    expect(fieldOf({ nodeId: 'w', message: 'm' })).toBeNull();
    expect(fieldOf({ nodeId: 'w', path: [], message: 'm' })).toBeNull();
    expect(fieldOf({ edge: 'a→b', message: 'm' })).toBe('edge a→b');
    expect(problemLine({ nodeId: 'w', path: ['allowedLateness'], message: 'dropped' })).toBe(
      'allowedLateness: dropped',
    );
    expect(problemLine({ nodeId: 'w', message: 'dropped' })).toBe('dropped');
  });
});

describe('codeSpans', () => {
  it('cuts a message at paired backticks only', () => {
    expect(codeSpans('run `rivulet run` then read it with `source.file`')).toEqual([
      { text: 'run ', code: false },
      { text: 'rivulet run', code: true },
      { text: ' then read it with ', code: false },
      { text: 'source.file', code: true },
    ]);
    expect(codeSpans('a stray ` stays')).toEqual([{ text: 'a stray ` stays', code: false }]);
    expect(codeSpans('plain')).toEqual([{ text: 'plain', code: false }]);
  });
});

describe('problemsHeadline', () => {
  it('counts the nodes refused out of all, and the reasons', () => {
    const groups = groupByNode(
      [
        { nodeId: 'a', message: 'x' },
        { nodeId: 'b', message: 'y' },
        { nodeId: 'b', message: 'z' },
      ],
      ['a', 'b', 'c'],
    );
    expect(problemsHeadline(groups, 3)).toBe(
      '2 of 3 nodes cannot be exported to Flink SQL (3 reasons).',
    );
    expect(problemsHeadline(groupByNode([{ message: 'empty' }], []), 0)).toBe(
      'This pipeline cannot be exported to Flink SQL (1 reason).',
    );
  });
});

describe('sameGraph', () => {
  const params = { expr: 'amount > 1' };
  const node = (over: Partial<GraphNode> = {}): GraphNode => ({
    id: 'f',
    type: 'filter',
    params,
    position: { x: 0, y: 0 },
    ...over,
  });
  const edges = [{ source: 'src', target: 'f' }];

  it('ignores positions and copies of the same edges', () => {
    const a = { nodes: [node()], edges };
    expect(sameGraph(a, a)).toBe(true);
    expect(
      sameGraph(a, { nodes: [node({ position: { x: 9, y: 9 } })], edges: [{ ...edges[0]! }] }),
    ).toBe(true);
    expect(sameGraph(a, { nodes: [node()], edges: [{ ...edges[0]!, sourceHandle: 'out' }] })).toBe(
      true,
    );
  });

  it('sees a param edit, a rename, a new node and a changed edge', () => {
    const a = { nodes: [node()], edges };
    expect(sameGraph(a, { nodes: [node({ params: { ...params } })], edges })).toBe(false);
    expect(sameGraph(a, { nodes: [node({ id: 'g' })], edges })).toBe(false);
    expect(sameGraph(a, { nodes: [node(), node({ id: 'g' })], edges })).toBe(false);
    expect(sameGraph(a, { nodes: [node()], edges: [{ source: 'src', target: 'g' }] })).toBe(false);
    expect(sameGraph(a, { nodes: [node()], edges: [{ ...edges[0]!, sourceHandle: 'late' }] })).toBe(
      false,
    );
    expect(sameGraph(a, { nodes: [node()], edges: [] })).toBe(false);
  });
});
