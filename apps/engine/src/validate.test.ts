import { registry } from '@rivulet/operators';
import { checkGraph, formatProblem, problemOf, type Problem } from '@rivulet/shared-types';
import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validatePipeline } from './validate.js';

const source = {
  id: 'src',
  type: 'source.file',
  params: { path: 'in.jsonl', eventTime: { field: 'ts' } },
};
const sink = { id: 'out', type: 'sink.console', params: {} };

function pipeline(nodes: unknown[], edges: unknown[], extra: Record<string, unknown> = {}) {
  return { version: 1, name: 't', nodes, edges, ...extra };
}

function problems(doc: unknown): Problem[] {
  const result = validatePipeline(doc);
  if (result.ok) throw new Error('expected the pipeline to be refused');
  return result.problems;
}

/** Asserts that one problem matches every given field and message fragment. */
function expectProblem(list: Problem[], where: Partial<Problem>, fragment: string) {
  const match = list.find(
    (p) =>
      (where.nodeId === undefined || p.nodeId === where.nodeId) &&
      (where.edge === undefined || p.edge === where.edge) &&
      (where.path === undefined || JSON.stringify(p.path) === JSON.stringify(where.path)) &&
      p.message.includes(fragment),
  );
  expect(
    match,
    `no problem ${JSON.stringify(where)} "${fragment}" in:\n${list.map(formatProblem).join('\n')}`,
  ).toBeDefined();
}

describe('validatePipeline', () => {
  it('accepts the spec example and orders nodes topologically', () => {
    const doc = pipeline(
      [
        { id: 'out', type: 'sink.file', params: { path: 'out.jsonl' } },
        {
          id: 'perMinute',
          type: 'window',
          params: {
            kind: 'tumbling',
            size: '1m',
            aggregations: [
              { fn: 'count', as: 'n' },
              { fn: 'sum', field: 'amount', as: 'total' },
            ],
          },
        },
        { id: 'byCard', type: 'keyBy', params: { fields: ['card'] } },
        { id: 'big', type: 'filter', params: { expr: 'amount > 1000' } },
        {
          id: 'tx',
          type: 'source.file',
          params: { path: 'tx.jsonl', eventTime: { field: 'ts', maxOutOfOrderness: '2s' } },
          position: { x: 0, y: 0 },
        },
      ],
      [
        { source: 'tx', target: 'big' },
        { source: 'big', target: 'byCard' },
        { source: 'byCard', target: 'perMinute' },
        { source: 'perMinute', target: 'out' },
      ],
      { description: 'extra top-level fields are allowed' },
    );
    const result = validatePipeline(doc);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.nodes.map((n) => n.id)).toEqual([
      'tx',
      'big',
      'byCard',
      'perMinute',
      'out',
    ]);
    const tx = result.value.nodes[0]!.params as { eventTime: { maxOutOfOrderness: number } };
    expect(tx.eventTime.maxOutOfOrderness).toBe(2000);
  });

  it('refuses what is not a pipeline document', () => {
    expectProblem(problems(null), {}, 'must be a JSON object');
    expectProblem(problems([]), {}, 'must be a JSON object');
    const list = problems({ version: 2, nodes: {}, edges: 'x' });
    expectProblem(list, {}, 'version must be 1');
    expectProblem(list, {}, 'name must be text');
    expectProblem(list, {}, 'nodes must be a list');
    expectProblem(list, {}, 'edges must be a list');
  });

  it('reports duplicate and empty ids', () => {
    const list = problems(
      pipeline(
        [source, { ...sink }, { ...sink }, { ...sink, id: '' }],
        [{ source: 'src', target: 'out' }],
      ),
    );
    expectProblem(list, { nodeId: 'out' }, 'duplicate node id "out"');
    expectProblem(list, {}, 'nodes[3] has an empty id');
  });

  it('reports malformed nodes and edges by index', () => {
    const list = problems(
      pipeline(
        [source, sink, { type: 'filter' }, 42],
        [{ source: 'src', target: 'out' }, { source: 'src' }],
      ),
    );
    expectProblem(list, {}, 'nodes[2].id');
    expectProblem(list, {}, 'nodes[3]');
    expectProblem(list, { edge: 'edges[1]' }, 'edges[1].target');
  });

  it('reports an unknown operator type', () => {
    expectProblem(
      problems(
        pipeline(
          [source, { id: 'x', type: 'flatMapp', params: {} }],
          [{ source: 'src', target: 'x' }],
        ),
      ),
      { nodeId: 'x' },
      'unknown operator type "flatMapp"',
    );
  });

  it('reports missing, mistyped and unknown params with their path', () => {
    const list = problems(
      pipeline(
        [
          {
            id: 'src',
            type: 'source.file',
            params: { eventTime: { field: 'ts', maxOutOfOrderness: 'soon' } },
          },
          { id: 'f', type: 'filter', params: { expr: 42, colour: 'red' } },
          { id: 'k', type: 'keyBy', params: { fields: 'card' } },
          {
            id: 'w',
            type: 'window',
            params: {
              kind: 'tumbling',
              size: 'ten',
              aggregations: [{ fn: 'median', field: 'x', as: 'm' }],
            },
          },
          sink,
        ],
        [
          { source: 'src', target: 'f' },
          { source: 'f', target: 'k' },
          { source: 'k', target: 'w' },
          { source: 'w', target: 'out' },
        ],
      ),
    );
    expectProblem(list, { nodeId: 'src', path: ['path'] }, 'missing');
    expectProblem(
      list,
      { nodeId: 'src', path: ['eventTime', 'maxOutOfOrderness'] },
      '"soon" is not a duration',
    );
    expectProblem(list, { nodeId: 'f', path: ['expr'] }, 'expected string');
    expectProblem(list, { nodeId: 'f', path: ['colour'] }, 'unknown param "colour"');
    expectProblem(list, { nodeId: 'k', path: ['fields'] }, 'expected array');
    expectProblem(list, { nodeId: 'w', path: ['size'] }, '"ten" is not a duration');
    expectProblem(list, { nodeId: 'w', path: ['aggregations', 0, 'fn'] }, '');
  });

  it('reports edges to or from nodes that do not exist, and unknown ports', () => {
    const list = problems(
      pipeline(
        [source, { id: 'f', type: 'filter', params: { expr: 'true' } }, sink],
        [
          { source: 'src', target: 'f' },
          { id: 'e2', source: 'f', target: 'ghost' },
          { source: 'nowhere', target: 'out' },
          { id: 'e4', source: 'f', sourceHandle: 'late', target: 'out' },
          { id: 'e5', source: 'f', target: 'out', targetHandle: 'left' },
        ],
      ),
    );
    expectProblem(list, { edge: 'e2' }, 'target node "ghost" does not exist');
    expectProblem(list, { edge: 'nowhere→out' }, 'source node "nowhere" does not exist');
    expectProblem(list, { edge: 'e4', nodeId: 'f' }, 'no output port "late"');
    expectProblem(list, { edge: 'e5', nodeId: 'out' }, 'no input port "left"');
  });

  it('reports a cycle', () => {
    const list = problems(
      pipeline(
        [
          source,
          { id: 'a', type: 'union', params: {} },
          { id: 'b', type: 'filter', params: { expr: 'true' } },
          sink,
        ],
        [
          { source: 'src', target: 'a' },
          { source: 'a', target: 'b' },
          { source: 'b', target: 'a' },
          { source: 'b', target: 'out' },
        ],
      ),
    );
    expectProblem(list, {}, 'cycle: ');
    const cycle = list.find((p) => p.message.startsWith('cycle'))!;
    expect(cycle.message).toMatch(/a → b → a|b → a → b/);
  });

  it('reports a source with an input, a sink with an output and a node without input', () => {
    const list = problems(
      pipeline(
        [
          source,
          { ...source, id: 'src2' },
          sink,
          { id: 'lonely', type: 'filter', params: { expr: 'true' } },
          { id: 'out2', type: 'sink.console', params: {} },
        ],
        [
          { source: 'src', target: 'src2' },
          { source: 'src', target: 'out' },
          { source: 'out', target: 'out2' },
        ],
      ),
    );
    expectProblem(list, { nodeId: 'src2' }, 'is a source: it takes no input');
    expectProblem(list, { nodeId: 'out' }, 'is a sink: it has no output');
    expectProblem(list, { nodeId: 'lonely' }, 'nothing connected to its input "in"');
  });

  it('refuses two edges into a single-input port but allows them into a union', () => {
    const two = [source, { ...source, id: 'src2' }];
    expectProblem(
      problems(
        pipeline(
          [...two, sink],
          [
            { source: 'src', target: 'out' },
            { source: 'src2', target: 'out' },
          ],
        ),
      ),
      { nodeId: 'out' },
      'takes one edge, got 2',
    );
    const ok = validatePipeline(
      pipeline(
        [...two, { id: 'u', type: 'union', params: {} }, sink],
        [
          { source: 'src', target: 'u' },
          { source: 'src2', target: 'u' },
          { source: 'u', target: 'out' },
        ],
      ),
    );
    expect(ok.ok).toBe(true);
  });

  it('reports an expression that does not parse or calls an unknown function', () => {
    const list = problems(
      pipeline(
        [
          source,
          { id: 'f', type: 'filter', params: { expr: 'amount >' } },
          { id: 'm', type: 'map', params: { fields: { y: 'sqr(x)', ok: 'x + 1' } } },
          sink,
        ],
        [
          { source: 'src', target: 'f' },
          { source: 'f', target: 'm' },
          { source: 'm', target: 'out' },
        ],
      ),
    );
    expectProblem(list, { nodeId: 'f', path: ['expr'] }, '');
    expectProblem(list, { nodeId: 'm', path: ['fields', 'y'] }, 'sqr');
    expect(list.filter((p) => p.nodeId === 'm')).toHaveLength(1);
  });

  it('reports every problem at once, not only the first', () => {
    const list = problems(
      pipeline(
        [
          { id: 'a', type: 'nope' },
          { id: 'b', type: 'filter', params: {} },
          { id: 'b', type: 'keyBy', params: {} },
        ],
        [{ source: 'x', target: 'y' }],
      ),
    );
    expect(list.length).toBeGreaterThanOrEqual(4);
  });

  it('resolves and refuses file paths through the path check', () => {
    const doc = pipeline(
      [source, { id: 'out', type: 'sink.file', params: { path: '../escape.jsonl' } }],
      [{ source: 'src', target: 'out' }],
    );
    const result = validatePipeline(doc, {
      checkPath: (p) =>
        p.startsWith('..')
          ? { ok: false, reason: `"${p}" is outside the data directory` }
          : { ok: true, path: `/data/${p}` },
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toEqual([
      { nodeId: 'out', path: ['path'], message: '"../escape.jsonl" is outside the data directory' },
    ]);
  });

  it('refuses a pipeline with more nodes than the limit, at once', () => {
    const nodes = Array.from({ length: 2001 }, (_, i) => ({
      id: `n${i}`,
      type: 'sink.console',
      params: {},
    }));
    expectProblem(problems(pipeline(nodes, [])), {}, 'at most 2000 nodes');
  });
});

describe('validatePipeline: cycles', () => {
  const cycles = (list: Problem[]) => list.filter((p) => p.message.startsWith('cycle'));
  const window = {
    id: 'per10s',
    type: 'window',
    params: { kind: 'tumbling', size: '10s', aggregations: [{ fn: 'count', as: 'n' }] },
  };

  it('names no cycle downstream of a node whose type is unknown', () => {
    const list = problems(
      pipeline(
        [source, { id: 'bySensor', type: 'keyByy', params: {} }, window, sink],
        [
          { source: 'src', target: 'bySensor' },
          { source: 'bySensor', target: 'per10s' },
          { source: 'per10s', target: 'out' },
        ],
      ),
    );
    expect(list).toEqual([{ nodeId: 'bySensor', message: 'unknown operator type "keyByy"' }]);
  });

  it('names the real cycle, not a node downstream of it listed first', () => {
    const list = problems(
      pipeline(
        [
          sink,
          { id: 'b', type: 'filter', params: { expr: 'true' } },
          source,
          { id: 'a', type: 'union', params: {} },
        ],
        [
          { source: 'src', target: 'a' },
          { source: 'a', target: 'b' },
          { source: 'b', target: 'a' },
          { source: 'b', target: 'out' },
        ],
      ),
    );
    expect(cycles(list)).toEqual([{ nodeId: 'b', message: 'cycle: b → a → b' }]);
  });

  it('names a cycle through a node whose type is unknown, and a self-loop', () => {
    const through = problems(
      pipeline(
        [source, { id: 'a', type: 'union', params: {} }, { id: 'x', type: 'nope' }],
        [
          { source: 'src', target: 'a' },
          { source: 'a', target: 'x' },
          { source: 'x', target: 'a' },
        ],
      ),
    );
    expect(cycles(through)).toEqual([{ nodeId: 'a', message: 'cycle: a → x → a' }]);
    const self = problems(
      pipeline(
        [source, { id: 'a', type: 'union', params: {} }],
        [
          { source: 'src', target: 'a' },
          { source: 'a', target: 'a' },
        ],
      ),
    );
    expect(cycles(self)).toEqual([{ nodeId: 'a', message: 'cycle: a → a' }]);
  });

  it('names a cycle exactly when the graph has one, and only edges of the graph', () => {
    const graph = fc.integer({ min: 1, max: 7 }).chain((n) =>
      fc.record({
        unknown: fc.array(fc.boolean(), { minLength: n, maxLength: n }),
        edges: fc.uniqueArray(fc.tuple(fc.nat(n - 1), fc.nat(n - 1)), {
          maxLength: 2 * n,
          selector: ([s, t]) => `${s}>${t}`,
        }),
      }),
    );
    fc.assert(
      fc.property(graph, ({ unknown, edges }) => {
        const n = unknown.length;
        const nodes = unknown.map((u, i) => ({ id: `n${i}`, type: u ? 'nope' : 'union' }));
        const doc = pipeline(
          nodes,
          edges.map(([s, t]) => ({ source: `n${s}`, target: `n${t}` })),
        );
        // Brute force: some node reaches itself.
        const reach = Array.from({ length: n }, () => Array<boolean>(n).fill(false));
        for (const [s, t] of edges) reach[s]![t] = true;
        for (let k = 0; k < n; k++)
          for (let i = 0; i < n; i++)
            for (let j = 0; j < n; j++) if (reach[i]![k] && reach[k]![j]) reach[i]![j] = true;
        const hasCycle = reach.some((row, i) => row[i]);

        const result = validatePipeline(doc);
        const found = result.ok ? [] : cycles(result.problems);
        expect(found.length).toBe(hasCycle ? 1 : 0);
        if (found.length === 0) return;
        const named = found[0]!.message.slice('cycle: '.length).split(' → ');
        expect(named[0]).toBe(named.at(-1));
        expect(new Set(named.slice(1)).size).toBe(named.length - 1);
        const edgeSet = new Set(edges.map(([s, t]) => `n${s}>n${t}`));
        for (let i = 0; i + 1 < named.length; i++)
          expect(edgeSet.has(`${named[i]}>${named[i + 1]}`)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

describe('validatePipeline and the shared graph rules', () => {
  it("reports exactly the graph rules' problems, in their order, on random graphs", () => {
    const types = registry.all.map((d) => d.type);
    const handles = [undefined, 'out', 'in', 'errors', 'left', 'right', 'late', 'nope'];
    const scene = fc
      .array(fc.constantFrom(...types, 'no.such.operator'), { minLength: 1, maxLength: 6 })
      .chain((ts) => {
        const ids = ts.map((_, i) => `n${i}`);
        const end = fc.constantFrom(...ids, 'ghost');
        const handle = fc.constantFrom(...handles);
        const edge = fc.record({
          source: end,
          target: end,
          sourceHandle: handle,
          targetHandle: handle,
        });
        return fc.record({ ts: fc.constant(ts), edges: fc.array(edge, { maxLength: 10 }) });
      });
    fc.assert(
      fc.property(scene, ({ ts, edges }) => {
        const nodes = ts.map((type, i) => ({
          id: `n${i}`,
          type,
          params: registry.get(type)?.docs.example ?? {},
        }));
        const rules = checkGraph(
          nodes.map((n) => ({ id: n.id, ports: registry.get(n.type) })),
          edges,
        );
        const unknown = nodes
          .filter((n) => !registry.get(n.type))
          .map((n) => ({ nodeId: n.id, message: `unknown operator type "${n.type}"` }));
        const result = validatePipeline(pipeline(nodes, edges));
        if (result.ok) {
          expect(rules.violations).toEqual([]);
          expect(result.value.nodes.map((n) => n.id)).toEqual(rules.order);
          expect(result.value.edges).toEqual(rules.edges);
        } else {
          expect(result.problems).toEqual([...unknown, ...rules.violations.map(problemOf)]);
        }
      }),
      { numRuns: 300 },
    );
  });
});
