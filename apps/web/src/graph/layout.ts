import dagre from '@dagrejs/dagre';
import type { Graph } from './types';
import { DEFAULT_NODE_SIZE } from './size';

/** Positions from dagre, left to right; node sizes from the canvas where it measured them. */
export function autoLayout(
  graph: Graph,
  sizes: ReadonlyMap<string, { width: number; height: number }> = new Map(),
): Record<string, { x: number; y: number }> {
  const g = new dagre.graphlib.Graph();
  g.setGraph({ rankdir: 'LR', nodesep: 40, ranksep: 80, marginx: 0, marginy: 0 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const n of graph.nodes) {
    const size = sizes.get(n.id) ?? DEFAULT_NODE_SIZE;
    g.setNode(n.id, { width: size.width, height: size.height });
  }
  for (const e of graph.edges) {
    if (g.hasNode(e.source) && g.hasNode(e.target)) g.setEdge(e.source, e.target);
  }
  dagre.layout(g);
  const positions: Record<string, { x: number; y: number }> = {};
  for (const n of graph.nodes) {
    const laid = g.node(n.id);
    const size = sizes.get(n.id) ?? DEFAULT_NODE_SIZE;
    // dagre gives centres; the document keeps top-left corners, rounded for tidy JSON.
    positions[n.id] = {
      x: Math.round(laid.x - size.width / 2),
      y: Math.round(laid.y - size.height / 2),
    };
  }
  return positions;
}
