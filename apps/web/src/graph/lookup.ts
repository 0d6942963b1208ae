import type { Graph, GraphEdge, GraphNode } from './types';

/** The lookup maps the store keeps beside the graph, rebuilt by actions after each edit. */
export interface GraphIndex {
  nodeById: ReadonlyMap<string, GraphNode>;
  edgesByTarget: ReadonlyMap<string, readonly GraphEdge[]>;
  edgesBySource: ReadonlyMap<string, readonly GraphEdge[]>;
}

export function indexGraph(graph: Graph): GraphIndex {
  const nodeById = new Map<string, GraphNode>();
  for (const n of graph.nodes) nodeById.set(n.id, n);
  const edgesByTarget = new Map<string, GraphEdge[]>();
  const edgesBySource = new Map<string, GraphEdge[]>();
  for (const e of graph.edges) {
    push(edgesByTarget, e.target, e);
    push(edgesBySource, e.source, e);
  }
  return { nodeById, edgesByTarget, edgesBySource };
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Ids of every node upstream of `nodeId` (not itself), nearest first. */
export function upstreamOf(index: GraphIndex, nodeId: string): string[] {
  const seen = new Set<string>([nodeId]);
  const order: string[] = [];
  const queue = [nodeId];
  while (queue.length > 0) {
    const id = queue.shift()!;
    for (const e of index.edgesByTarget.get(id) ?? []) {
      if (seen.has(e.source)) continue;
      seen.add(e.source);
      order.push(e.source);
      queue.push(e.source);
    }
  }
  return order;
}

/** Ids of every node downstream of the given ones (the given ones included). */
export function downstreamOf(index: GraphIndex, from: readonly string[]): Set<string> {
  const seen = new Set<string>();
  const stack = [...from];
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    for (const e of index.edgesBySource.get(id) ?? []) stack.push(e.target);
  }
  return seen;
}
