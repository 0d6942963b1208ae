import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkGraph,
  connectionViolation,
  problemOf,
  type EdgeLike,
  type GraphView,
  type GraphViolation,
  type NodePorts,
} from './graph-rules.js';

const port = (name: string, multiple?: boolean) => ({
  name,
  ...(multiple ? { multiple } : {}),
});

/** Operators of every shape the rules tell apart; `undefined`: a type the catalogue lacks. */
const shapes: Record<string, NodePorts | undefined> = {
  source: { type: 'source', inputs: [], outputs: [port('out'), port('errors')] },
  filter: { type: 'filter', inputs: [port('in')], outputs: [port('out'), port('errors')] },
  union: { type: 'union', inputs: [port('in', true)], outputs: [port('out')] },
  join: { type: 'join', inputs: [port('left'), port('right')], outputs: [port('out')] },
  sink: { type: 'sink', inputs: [port('in')], outputs: [] },
  // Kind declared, as the registry's definitions do.
  declared: { type: 'declared', kind: 'transform', inputs: [port('in')], outputs: [port('out')] },
  unknown: undefined,
};
const HANDLES = [undefined, 'out', 'errors', 'in', 'left', 'right', 'nope'];

type Nodes = { id: string; ports: NodePorts | undefined }[];

/** What the canvas may rely on: everything passes but inputs not yet fed. */
const connectable = (violations: GraphViolation[]) =>
  violations.every((v) => v.rule === 'missing-input');

function view(nodes: Nodes, edges: EdgeLike[]): GraphView {
  const byId = new Map(nodes.map((n) => [n.id, n.ports]));
  return {
    hasNode: (id) => byId.has(id),
    portsOf: (id) => byId.get(id),
    edgesInto: (id) => edges.filter((e) => e.target === id),
    edgesOutOf: (id) => edges.filter((e) => e.source === id),
  };
}

/** Mostly real nodes and default or real ports, so that every rule gets its turn. */
const edgeArb = (ids: string[]) => {
  const end = fc.oneof(
    { arbitrary: fc.constantFrom(...ids), weight: 12 },
    { arbitrary: fc.constant('ghost'), weight: 1 },
  );
  const handle = fc.oneof(
    { arbitrary: fc.constant(undefined), weight: 3 },
    { arbitrary: fc.constantFrom(...HANDLES), weight: 2 },
  );
  return fc.record({ source: end, target: end, sourceHandle: handle, targetHandle: handle });
};

/** Small graphs drawn by connecting random edges the validator lets stand, then one attempt. */
const scene = fc
  .array(fc.constantFrom(...Object.keys(shapes)), { minLength: 2, maxLength: 6 })
  .chain((types) => {
    const nodes: Nodes = types.map((t, i) => ({ id: `n${i}`, ports: shapes[t] }));
    const ids = nodes.map((n) => n.id);
    return fc.record({
      nodes: fc.constant(nodes),
      tries: fc.array(edgeArb(ids), { maxLength: 16 }),
      attempt: edgeArb(ids),
    });
  })
  .map(({ nodes, tries, attempt }) => {
    const edges: EdgeLike[] = [];
    for (const e of tries) {
      if (connectable(checkGraph(nodes, [...edges, e]).violations)) edges.push(e);
    }
    return { nodes, edges, attempt };
  });

describe('graph rules', () => {
  it('the canvas may connect exactly when the validator accepts the graph with the edge', () => {
    fc.assert(
      fc.property(scene, ({ nodes, edges, attempt }) => {
        const canvas = connectionViolation(view(nodes, edges), attempt);
        const validator = checkGraph(nodes, [...edges, attempt]).violations;
        expect(canvas === null).toBe(connectable(validator));
        // When refused, the canvas's reason is one the validator reports too.
        if (canvas && canvas.rule !== 'cycle' && canvas.rule !== 'input-taken') {
          expect(validator.map((v) => v.rule)).toContain(canvas.rule);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('a refused cycle names a real one, in edge direction', () => {
    fc.assert(
      fc.property(scene, ({ nodes, edges, attempt }) => {
        const v = connectionViolation(view(nodes, edges), attempt);
        if (v?.rule !== 'cycle') return;
        const all = [...edges, attempt];
        const ring = [...v.cycle, v.cycle[0]!];
        for (let i = 0; i + 1 < ring.length; i++) {
          expect(all.some((e) => e.source === ring[i] && e.target === ring[i + 1])).toBe(true);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('words each rule as the validator reports it', () => {
    const nodes: Nodes = [
      { id: 'src', ports: shapes.source },
      { id: 'f', ports: shapes.filter },
      { id: 'k', ports: shapes.sink },
      { id: 'j', ports: shapes.join },
    ];
    const edges: EdgeLike[] = [
      { source: 'src', target: 'f' },
      { id: 'dup', source: 'src', target: 'f', sourceHandle: 'out', targetHandle: 'in' },
      { source: 'k', target: 'f' },
      { source: 'f', target: 'src' },
      { source: 'f', target: 'k', sourceHandle: 'nope' },
      { source: 'f', target: 'j', targetHandle: 'middle' },
      { source: 'ghost', target: 'k' },
      { source: 'f', target: 'j', targetHandle: 'left' },
    ];
    expect(checkGraph(nodes, edges).violations.map(problemOf)).toEqual([
      { edge: 'dup', message: 'duplicate edge from "src" to "f"' },
      { edge: 'k→f', nodeId: 'k', message: '"k" is a sink: it has no output' },
      { edge: 'f→src', nodeId: 'src', message: '"src" is a source: it takes no input' },
      {
        edge: 'f→k',
        nodeId: 'f',
        message: '"f" (filter) has no output port "nope"; its outputs: "out", "errors"',
      },
      {
        edge: 'f→j',
        nodeId: 'j',
        message: '"j" (join) has no input port "middle"; its inputs: "left", "right"',
      },
      { edge: 'ghost→k', message: 'source node "ghost" does not exist' },
      { nodeId: 'k', message: '"k" has nothing connected to its input "in"' },
      { nodeId: 'j', message: '"j" has nothing connected to its input "right"' },
    ]);
    const twice = checkGraph(
      [nodes[0]!, nodes[1]!, { id: 'g', ports: shapes.filter }],
      [
        { source: 'src', target: 'f' },
        { source: 'src', target: 'g' },
        { source: 'g', target: 'f' },
      ],
    );
    expect(twice.violations.map(problemOf)).toEqual([
      {
        nodeId: 'f',
        message: 'input "in" of "f" takes one edge, got 2: use a union to merge streams',
      },
    ]);
    const loop = checkGraph(
      [
        { id: 'a', ports: shapes.union },
        { id: 'b', ports: shapes.filter },
      ],
      [
        { source: 'a', target: 'b' },
        { source: 'b', target: 'a' },
      ],
    );
    expect(loop.violations.map(problemOf)).toEqual([{ nodeId: 'a', message: 'cycle: a → b → a' }]);
  });

  it('orders the nodes of a valid graph after their inputs', () => {
    const nodes: Nodes = [
      { id: 'k', ports: shapes.sink },
      { id: 'f', ports: shapes.filter },
      { id: 'src', ports: shapes.source },
    ];
    const result = checkGraph(nodes, [
      { source: 'f', target: 'k' },
      { source: 'src', target: 'f' },
    ]);
    expect(result.violations).toEqual([]);
    expect(result.order).toEqual(['src', 'f', 'k']);
  });
});
