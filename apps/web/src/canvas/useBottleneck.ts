import type { NodeTelemetry } from '@rivulet/shared-types';
import type { Catalogue, GraphEdge, GraphNode } from '../graph/types';
import { useEditor } from '../store/editor';
import { selectRunActive, useLive } from '../store/live';
import { explainBottleneck, type Bottleneck, type BottleneckGraph } from './bottleneck';

/** The pipeline as the explanation reads it: ids, titles from the catalogue, kinds by type. */
export function bottleneckGraph(
  nodes: readonly GraphNode[],
  edges: readonly GraphEdge[],
  byType: Catalogue,
): BottleneckGraph {
  return {
    nodes: nodes.map((n) => ({
      id: n.id,
      title: byType.get(n.type)?.title ?? n.type,
      kind: n.type.startsWith('source.')
        ? 'source'
        : n.type.startsWith('sink.')
          ? 'sink'
          : 'transform',
    })),
    edges,
  };
}

// One computation per telemetry message for all the cards that ask (a one-entry memo).
let memo: {
  latest: Record<string, NodeTelemetry>;
  nodes: readonly GraphNode[];
  edges: readonly GraphEdge[];
  byType: Catalogue;
  result: Bottleneck | null;
} | null = null;

function limiting(
  latest: Record<string, NodeTelemetry>,
  nodes: readonly GraphNode[],
  edges: readonly GraphEdge[],
  byType: Catalogue,
): Bottleneck | null {
  if (
    memo?.latest !== latest ||
    memo.nodes !== nodes ||
    memo.edges !== edges ||
    memo.byType !== byType
  )
    memo = {
      latest,
      nodes,
      edges,
      byType,
      result: explainBottleneck(latest, bottleneckGraph(nodes, edges, byType)),
    };
  return memo.result;
}

/** Whether this node is the one limiting the live run, for its card's highlight. */
export function useIsBottleneck(nodeId: string): boolean {
  const active = useLive(selectRunActive);
  const latest = useLive((s) => s.latest);
  const nodes = useEditor((s) => s.nodes);
  const edges = useEditor((s) => s.edges);
  const byType = useEditor((s) => s.catalogue.byType);
  return active && limiting(latest, nodes, edges, byType)?.nodeId === nodeId;
}
