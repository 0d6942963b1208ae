import { setAtPath } from './schema';
import { edgeKey, type Graph, type GraphEdge, type GraphNode } from './types';

/**
 * Every edit of the canvas and the inspector is one of these values, applied by `applyChange`
 * (pure). The store records the graph before each change for undo and redo.
 */
export type GraphChange =
  | { kind: 'add'; nodes: GraphNode[]; edges: GraphEdge[] }
  | { kind: 'remove'; nodeIds: string[]; edgeKeys: string[] }
  | { kind: 'move'; positions: Record<string, { x: number; y: number }> }
  | { kind: 'connect'; edge: GraphEdge }
  | { kind: 'set-param'; nodeId: string; path: (string | number)[]; value: unknown }
  | { kind: 'rename-node'; from: string; to: string }
  | { kind: 'replace'; graph: Graph };

export function applyChange(graph: Graph, change: GraphChange): Graph {
  switch (change.kind) {
    case 'add':
      return { nodes: [...graph.nodes, ...change.nodes], edges: [...graph.edges, ...change.edges] };
    case 'remove': {
      const nodes = new Set(change.nodeIds);
      const edges = new Set(change.edgeKeys);
      return {
        nodes: graph.nodes.filter((n) => !nodes.has(n.id)),
        edges: graph.edges.filter(
          (e) => !edges.has(edgeKey(e)) && !nodes.has(e.source) && !nodes.has(e.target),
        ),
      };
    }
    case 'move':
      return {
        nodes: graph.nodes.map((n) => {
          const p = change.positions[n.id];
          return p && (p.x !== n.position.x || p.y !== n.position.y)
            ? { ...n, position: { x: p.x, y: p.y } }
            : n;
        }),
        edges: graph.edges,
      };
    case 'connect':
      return { nodes: graph.nodes, edges: [...graph.edges, change.edge] };
    case 'set-param':
      return {
        nodes: graph.nodes.map((n) =>
          n.id === change.nodeId
            ? { ...n, params: setAtPath(n.params, change.path, change.value) }
            : n,
        ),
        edges: graph.edges,
      };
    case 'rename-node': {
      const { from, to } = change;
      if (from === to) return graph;
      return {
        nodes: graph.nodes.map((n) => (n.id === from ? { ...n, id: to } : n)),
        edges: graph.edges.map((e) =>
          e.source === from || e.target === from
            ? {
                ...e,
                source: e.source === from ? to : e.source,
                target: e.target === from ? to : e.target,
              }
            : e,
        ),
      };
    }
    case 'replace':
      return change.graph;
  }
}
