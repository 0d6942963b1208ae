import { freshEdgeId, freshId } from './ids';
import type { Graph, GraphEdge, GraphNode } from './types';

/** What Ctrl+C keeps: the selected nodes and the edges between them. */
export interface Fragment {
  nodes: GraphNode[];
  edges: GraphEdge[];
}

export function copyFragment(graph: Graph, nodeIds: ReadonlySet<string>): Fragment {
  return {
    nodes: structuredClone(graph.nodes.filter((n) => nodeIds.has(n.id))),
    edges: structuredClone(
      graph.edges.filter((e) => nodeIds.has(e.source) && nodeIds.has(e.target)),
    ),
  };
}

/** The fragment with fresh node and edge ids, moved by `offset`; edges follow the new ids. */
export function pasteFragment(
  graph: Graph,
  fragment: Fragment,
  offset: { x: number; y: number },
): Fragment {
  const taken = new Set(graph.nodes.map((n) => n.id));
  const idMap = new Map<string, string>();
  const nodes = fragment.nodes.map((n) => {
    const id = freshId(n.type, taken);
    taken.add(id);
    idMap.set(n.id, id);
    return {
      ...structuredClone(n),
      id,
      position: { x: n.position.x + offset.x, y: n.position.y + offset.y },
    };
  });
  const edgeIds = new Set(graph.edges.flatMap((e) => (e.id ? [e.id] : [])));
  const edges = fragment.edges.map((e) => {
    const id = freshEdgeId(edgeIds);
    edgeIds.add(id);
    return { ...e, id, source: idMap.get(e.source)!, target: idMap.get(e.target)! };
  });
  return { nodes, edges };
}
