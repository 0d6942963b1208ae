import type { CatalogueEntry } from '@rivulet/shared-types';
import { describe, expect, it } from 'vitest';
import { applyChange } from './changes';
import { copyFragment, pasteFragment } from './clipboard';
import { checkConnection } from './connect';
import { autocompleteFields } from './fields';
import { freshId, nodeIdProblem } from './ids';
import { autoLayout } from './layout';
import { indexGraph } from './lookup';
import { initialParams, paramSummary, setAtPath, fieldKind, type JsonSchema } from './schema';
import type { Graph, GraphNode } from './types';

const entry = (
  type: string,
  inputs: CatalogueEntry['inputs'],
  outputs: string[],
  paramsSchema: JsonSchema = { type: 'object', properties: {} },
  example: Record<string, unknown> = {},
): CatalogueEntry => ({
  type,
  category: 'transform',
  title: type,
  summary: '',
  description: '',
  example,
  inputs,
  outputs: outputs.map((name) => ({ name, description: '' })),
  paramsSchema: paramsSchema as Record<string, unknown>,
});
const one = [{ name: 'in', description: '' }];
const catalogue = new Map(
  [
    entry('source.file', [], ['out', 'errors'], {
      type: 'object',
      properties: {
        path: { type: 'string' },
        eventTime: { type: 'object', properties: { field: { type: 'string' } } },
      },
    }),
    entry('filter', one, ['out', 'errors'], {
      type: 'object',
      properties: { expr: { type: 'string', format: 'expression' } },
    }),
    entry('map', one, ['out'], {
      type: 'object',
      properties: {
        fields: { type: 'object', additionalProperties: { type: 'string', format: 'expression' } },
      },
    }),
    entry('union', [{ name: 'in', description: '', multiple: true }], ['out']),
    entry('sink.file', one, []),
  ].map((e) => [e.type, e]),
);
const node = (id: string, type: string, params: Record<string, unknown> = {}): GraphNode => ({
  id,
  type,
  params,
  position: { x: 0, y: 0 },
});
const graph: Graph = {
  nodes: [
    node('src', 'source.file', { path: 'a.jsonl', eventTime: { field: 'ts' } }),
    node('f', 'filter', { expr: 'amount > 1' }),
    node('u', 'union'),
    node('out', 'sink.file'),
  ],
  edges: [{ id: 'e1', source: 'src', target: 'f' }],
};

describe('applyChange', () => {
  it('renames a node and the edges that touch it', () => {
    const g = applyChange(graph, { kind: 'rename-node', from: 'f', to: 'big' });
    expect(g.nodes.map((n) => n.id)).toEqual(['src', 'big', 'u', 'out']);
    expect(g.edges).toEqual([{ id: 'e1', source: 'src', target: 'big' }]);
  });
  it('removes nodes with their edges', () => {
    const g = applyChange(graph, { kind: 'remove', nodeIds: ['f'], edgeKeys: [] });
    expect(g.nodes).toHaveLength(3);
    expect(g.edges).toEqual([]);
  });
  it('sets a nested param and removes a param set to undefined', () => {
    const g = applyChange(graph, {
      kind: 'set-param',
      nodeId: 'src',
      path: ['eventTime', 'field'],
      value: 'time',
    });
    expect(g.nodes[0]!.params).toEqual({ path: 'a.jsonl', eventTime: { field: 'time' } });
    const h = applyChange(g, {
      kind: 'set-param',
      nodeId: 'src',
      path: ['eventTime'],
      value: undefined,
    });
    expect(h.nodes[0]!.params).toEqual({ path: 'a.jsonl' });
    expect(graph.nodes[0]!.params).toEqual({ path: 'a.jsonl', eventTime: { field: 'ts' } });
  });
  it('moves only nodes whose position changed, keeping the others identical', () => {
    const g = applyChange(graph, {
      kind: 'move',
      positions: { f: { x: 5, y: 6 }, src: { x: 0, y: 0 } },
    });
    expect(g.nodes[1]!.position).toEqual({ x: 5, y: 6 });
    expect(g.nodes[0]).toBe(graph.nodes[0]);
  });
});

describe('checkConnection', () => {
  const index = indexGraph(graph);
  const reason = (source: string, target: string, targetHandle?: string) => {
    const r = checkConnection({ source, target, targetHandle }, index, catalogue);
    return r.ok ? null : r.reason;
  };
  it('accepts a valid edge and omits default ports', () => {
    const r = checkConnection(
      { source: 'f', target: 'out', sourceHandle: 'out', targetHandle: 'in' },
      index,
      catalogue,
    );
    expect(r).toEqual({ ok: true, edge: { source: 'f', target: 'out' } });
  });
  it('refuses into a source, out of a sink, self-loops, duplicates, second inputs and cycles', () => {
    expect(reason('f', 'src')).toMatch(/source/);
    expect(reason('out', 'f')).toMatch(/sink/);
    expect(reason('f', 'f')).toMatch(/itself/);
    expect(reason('src', 'f')).toMatch(/already connected/);
    expect(reason('u', 'f')).toMatch(/one input/);
    expect(reason('f', 'x', 'in')).toMatch(/nodes/);
    const g2 = indexGraph({ ...graph, edges: [...graph.edges, { source: 'f', target: 'u' }] });
    const cyc = checkConnection({ source: 'u', target: 'f' }, g2, catalogue);
    expect(cyc.ok).toBe(false);
    const g3 = indexGraph({
      nodes: [...graph.nodes, node('m', 'map')],
      edges: [{ source: 'f', target: 'm' }],
    });
    expect(checkConnection({ source: 'm', target: 'f' }, g3, catalogue)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/cycle/),
    });
  });
  it('lets a multiple port take several edges and refuses unknown ports', () => {
    const g2 = indexGraph({ ...graph, edges: [{ source: 'src', target: 'u' }] });
    expect(checkConnection({ source: 'f', target: 'u' }, g2, catalogue).ok).toBe(true);
    expect(reason('f', 'out', 'other')).toMatch(/no input port/);
  });
});

describe('copy and paste', () => {
  it('gives new ids, offsets positions and keeps internal edges only', () => {
    const frag = copyFragment(graph, new Set(['src', 'f']));
    expect(frag.edges).toHaveLength(1);
    const pasted = pasteFragment(graph, frag, { x: 40, y: 40 });
    expect(pasted.nodes.map((n) => n.id)).toEqual(['sourceFile', 'filter']);
    expect(pasted.nodes[0]!.position).toEqual({ x: 40, y: 40 });
    expect(pasted.edges).toEqual([{ id: 'e2', source: 'sourceFile', target: 'filter' }]);
  });
});

describe('ids', () => {
  it('are type-based and unique', () => {
    expect(freshId('filter', new Set())).toBe('filter');
    expect(freshId('filter', new Set(['filter', 'filter2']))).toBe('filter3');
    expect(freshId('sink.dashboard', new Set())).toBe('sinkDashboard');
  });
  it('explains a bad rename', () => {
    expect(nodeIdProblem('', 'a', new Set())).toMatch(/empty/);
    expect(nodeIdProblem('a b', 'a', new Set())).toMatch(/letters/);
    expect(nodeIdProblem('f', 'a', new Set(['f']))).toMatch(/already/);
    expect(nodeIdProblem('a', 'a', new Set(['a']))).toBeNull();
  });
});

describe('schema helpers', () => {
  const schema: JsonSchema = {
    type: 'object',
    properties: {
      path: { type: 'string' },
      format: { type: 'string', enum: ['jsonl', 'csv'], default: 'jsonl' },
      size: { type: ['number', 'string'], format: 'duration' },
      rate: { type: 'number' },
    },
    required: ['path'],
  };
  it('builds params from defaults and the example for required ones', () => {
    const example = { path: 'tx.jsonl', size: '1m', rate: 5 };
    expect(initialParams(schema, example)).toEqual({ path: 'tx.jsonl', format: 'jsonl' });
    expect(initialParams(schema, example, ['size'])).toEqual({
      path: 'tx.jsonl',
      format: 'jsonl',
      size: '1m',
    });
  });
  it('classifies fields', () => {
    expect(fieldKind(schema.properties!.size!)).toBe('duration');
    expect(fieldKind(schema.properties!.format!)).toBe('enum');
    expect(fieldKind({ type: 'array', items: { type: 'string' } })).toBe('string-list');
    expect(fieldKind({ type: 'array', items: { type: 'object', properties: { a: {} } } })).toBe(
      'object-list',
    );
    expect(fieldKind({ type: 'object', additionalProperties: { type: 'string' } })).toBe('record');
    expect(fieldKind({ anyOf: [{ type: 'integer' }, { type: 'string' }] })).toBe('number-or-text');
  });
  it('sets and removes array items by path', () => {
    const p = { aggs: [{ fn: 'count' }, { fn: 'sum' }] };
    expect(setAtPath(p, ['aggs', 0], undefined)).toEqual({ aggs: [{ fn: 'sum' }] });
    expect(setAtPath(p, ['aggs', 1, 'field'], 'x')).toEqual({
      aggs: [{ fn: 'count' }, { fn: 'sum', field: 'x' }],
    });
  });
  it('summarises params in one line', () => {
    expect(paramSummary({ expr: 'amount > 1000' })).toBe('expr: amount > 1000');
    expect(paramSummary({ fields: ['card'], x: undefined })).toBe('fields: card');
  });
});

describe('layout and autocomplete', () => {
  it('lays out left to right', () => {
    const pos = autoLayout(graph);
    expect(pos.f!.x).toBeGreaterThan(pos.src!.x);
  });
  it('offers fields named upstream and seen in samples', () => {
    const g: Graph = {
      nodes: [...graph.nodes, node('m', 'map', { fields: { eur: 'amount * 2' } })],
      edges: [...graph.edges, { source: 'f', target: 'm' }],
    };
    const fields = autocompleteFields('m', indexGraph(g), catalogue, (id) =>
      id === 'f' ? [{ card: 1 }] : [],
    );
    expect(fields).toEqual(['amount', 'card', 'ts']);
    expect(autocompleteFields('src', indexGraph(g), catalogue)).toEqual([]);
  });
  it("offers the fields of a generator's scenario, conversations too", () => {
    const withGenerator = new Map(catalogue).set(
      'source.generator',
      entry('source.generator', [], ['out'], {
        type: 'object',
        properties: { scenario: { type: 'string' } },
      }),
    );
    const g: Graph = {
      nodes: [
        node('gen', 'source.generator', { scenario: 'conversations' }),
        node('m', 'map', { fields: {} }),
      ],
      edges: [{ source: 'gen', target: 'm' }],
    };
    const fields = autocompleteFields('m', indexGraph(g), withGenerator);
    expect(fields).toContain('conversationId');
    expect(fields).toContain('needsEscalation');
  });
});
