import {
  DEFAULT_SOURCE_HANDLE,
  DEFAULT_TARGET_HANDLE,
  edgeLabel,
  inputPortOf,
  outputPortOf,
  type CatalogueEntry,
  type PipelineEdge,
  type PipelineNode,
} from '@rivulet/shared-types';

/**
 * A node as the pipeline document holds it (spec §1), its defaults filled in: the schema's
 * fields, with a position always (the origin when the document has none).
 */
export type GraphNode = Required<Pick<PipelineNode, 'id' | 'type' | 'params' | 'position'>>;

type Handles = 'sourceHandle' | 'targetHandle';

/** An edge as the pipeline document holds it (React Flow's field names); a null port left out. */
export type GraphEdge = Pick<PipelineEdge, 'id' | 'source' | 'target'> & {
  [K in Handles]?: NonNullable<PipelineEdge[K]>;
};

/** The editable part of a pipeline document. */
export interface Graph {
  nodes: GraphNode[];
  edges: GraphEdge[];
}

/** The catalogue, by type. */
export type Catalogue = ReadonlyMap<string, CatalogueEntry>;

export const OUT = DEFAULT_SOURCE_HANDLE;
export const IN = DEFAULT_TARGET_HANDLE;

export const sourcePort: (e: GraphEdge) => string = outputPortOf;
export const targetPort: (e: GraphEdge) => string = inputPortOf;

/** A unique name for an edge in the editor (React Flow's edge id): its id, or ends and ports. */
export function edgeKey(e: GraphEdge): string {
  return e.id ?? `${e.source}:${sourcePort(e)}→${e.target}:${targetPort(e)}`;
}

/** How the validator names an edge in a problem: its id, or "source→target". */
export const edgeProblemKey: (e: GraphEdge) => string = edgeLabel;

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
