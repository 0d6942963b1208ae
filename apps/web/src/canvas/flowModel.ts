import type { Edge, Node } from '@xyflow/react';
import { edgeKey, type GraphEdge, type GraphNode } from '../graph/types';

/** What a React Flow node carries: the document's operator type (the card reads the rest by id). */
export type OperatorNodeData = { opType: string };
export type OperatorFlowNode = Node<OperatorNodeData, 'operator'>;
export type RateFlowEdge = Edge<{ problem: string | null }, 'rate'>;

const nodeCache = new WeakMap<GraphNode, OperatorFlowNode>();

/**
 * The document's node as React Flow's node. The same object comes back while nothing it shows
 * changed, so React Flow and the memoised card skip it.
 */
export function toFlowNode(
  n: GraphNode,
  selected: boolean,
  measured: { width: number; height: number } | undefined,
): OperatorFlowNode {
  const cached = nodeCache.get(n);
  if (cached && cached.selected === selected && cached.measured === measured) return cached;
  const flow: OperatorFlowNode = {
    id: n.id,
    type: 'operator',
    position: n.position,
    data: { opType: n.type },
    selected,
    ...(measured ? { measured } : {}),
  };
  nodeCache.set(n, flow);
  return flow;
}

export function toFlowEdge(e: GraphEdge, selected: boolean, problem: string | null): RateFlowEdge {
  return {
    id: edgeKey(e),
    type: 'rate',
    source: e.source,
    target: e.target,
    sourceHandle: e.sourceHandle ?? 'out',
    targetHandle: e.targetHandle ?? 'in',
    selected,
    data: { problem },
  };
}
