import { descriptions } from '@rivulet/operators/descriptions';
import { checkGraph, type CatalogueEntry, type EdgeLike } from '@rivulet/shared-types';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkConnection } from './connect';
import { indexGraph } from './lookup';
import type { Catalogue, GraphEdge, GraphNode } from './types';

/**
 * The canvas reads the catalogue (ports only, no kind), the validator the registry's definitions
 * (with their kind): the same answers from both, on every operator there is.
 */
const catalogue: Catalogue = new Map(
  descriptions.map((def): [string, CatalogueEntry] => [
    def.type,
    {
      type: def.type,
      category: def.category,
      title: def.title,
      summary: def.summary,
      description: '',
      example: {},
      inputs: def.inputs,
      outputs: def.outputs,
      paramsSchema: {},
    },
  ]),
);
const definitions = new Map(descriptions.map((def) => [def.type, def]));
const types = [...descriptions.map((d) => d.type), 'no.such.operator'];
const handles = [
  ...new Set(descriptions.flatMap((d) => [...d.inputs, ...d.outputs].map((p) => p.name))),
  'nope',
];

const attemptArb = (ids: string[]) => {
  const end = fc.oneof(
    { arbitrary: fc.constantFrom(...ids), weight: 12 },
    { arbitrary: fc.constant('ghost'), weight: 1 },
  );
  const handle = fc.oneof(
    { arbitrary: fc.constant(undefined), weight: 3 },
    { arbitrary: fc.constantFrom(...handles), weight: 2 },
  );
  return fc.record({ source: end, target: end, sourceHandle: handle, targetHandle: handle });
};

const validatorNodes = (nodes: GraphNode[]) =>
  nodes.map((n) => ({ id: n.id, ports: definitions.get(n.type) }));
const edgesOk = (nodes: GraphNode[], edges: EdgeLike[]) =>
  checkGraph(validatorNodes(nodes), edges).violations.every((v) => v.rule === 'missing-input');

describe('checkConnection', () => {
  it('accepts an edge exactly when the validator accepts the graph with it', () => {
    const scene = fc
      .array(fc.constantFrom(...types), { minLength: 2, maxLength: 6 })
      .chain((ts) => {
        const nodes: GraphNode[] = ts.map((type, i) => ({
          id: `n${i}`,
          type,
          params: {},
          position: { x: 0, y: 0 },
        }));
        const ids = nodes.map((n) => n.id);
        return fc.record({
          nodes: fc.constant(nodes),
          tries: fc.array(attemptArb(ids), { maxLength: 16 }),
          attempt: attemptArb(ids),
        });
      });
    fc.assert(
      fc.property(scene, ({ nodes, tries, attempt }) => {
        // The graph is drawn the canvas's way: each try, when the canvas lets it.
        const edges: GraphEdge[] = [];
        for (const t of tries) {
          const r = checkConnection(t, indexGraph({ nodes, edges }), catalogue);
          if (r.ok) edges.push(r.edge);
        }
        expect(edgesOk(nodes, edges)).toBe(true);
        const r = checkConnection(attempt, indexGraph({ nodes, edges }), catalogue);
        expect(r.ok).toBe(edgesOk(nodes, [...edges, attempt]));
      }),
      { numRuns: 500 },
    );
  });
});
