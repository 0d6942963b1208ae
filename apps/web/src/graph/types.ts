import type { CatalogueEntry, PipelineEdge, PipelineNode } from '@rivulet/shared-types';

/** A node exactly as the pipeline document holds it (spec §1). */
export interface GraphNode {
  id: string;
  type: string;
  params: Record<string, unknown>;
  position: { x: number; y: number };
}

/** An edge exactly as the pipeline document holds it (React Flow's own field names). */
export interface GraphEdge {
  id?: string;
  source: string;
  target: string;
  sourceHandle?: string;
  targetHandle?: string;
}

/** The editable part of a pipeline document. */
export interface Graph {
  nodes: GraphNode[];
  edges: GraphEdge[];
}

/** The catalogue, by type. */
export type Catalogue = ReadonlyMap<string, CatalogueEntry>;

export const OUT = 'out';
export const IN = 'in';

export const sourcePort = (e: GraphEdge): string => e.sourceHandle ?? OUT;
export const targetPort = (e: GraphEdge): string => e.targetHandle ?? IN;

/** A unique name for an edge in the editor (React Flow's edge id): its id, or ends and ports. */
export function edgeKey(e: GraphEdge): string {
  return e.id ?? `${e.source}:${sourcePort(e)}→${e.target}:${targetPort(e)}`;
}

/** How the validator names an edge in a problem: its id, or "source→target". */
export function edgeProblemKey(e: GraphEdge): string {
  return e.id ?? `${e.source}→${e.target}`;
}

/** A document node into the editor's shape (position defaults to the origin). */
export function fromDocNode(n: PipelineNode): GraphNode {
  return {
    id: n.id,
    type: n.type,
    params: (n.params ?? {}) as Record<string, unknown>,
    position: n.position ? { x: n.position.x, y: n.position.y } : { x: 0, y: 0 },
  };
}

export function fromDocEdge(e: PipelineEdge): GraphEdge {
  const edge: GraphEdge = { source: e.source, target: e.target };
  if (typeof e.id === 'string') edge.id = e.id;
  if (typeof e.sourceHandle === 'string') edge.sourceHandle = e.sourceHandle;
  if (typeof e.targetHandle === 'string') edge.targetHandle = e.targetHandle;
  return edge;
}
