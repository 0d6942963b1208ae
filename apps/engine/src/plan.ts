import type { ValidEdge, ValidNode, ValidPipeline } from './validate.js';

/** Where a node's watermark goes: the target node and the index of the edge among its inputs. */
export interface WatermarkTarget {
  target: string;
  slot: number;
  edge: ValidEdge;
}

/** What a run needs to know about one node before it starts, worked out from the graph. */
export interface NodePlan {
  node: ValidNode;
  /** Key fields of the records arriving here: from the nearest keyBy, null when unkeyed. */
  keyFields: readonly string[] | null;
  /** Incoming edges, in the pipeline's edge order; slot i of the input watermarks is edge i. */
  incoming: ValidEdge[];
  /** Outgoing edges by output port, each list in the pipeline's edge order. */
  outgoing: Map<string, ValidEdge[]>;
  /** Receivers of this node's watermark, in the pipeline's edge order. */
  watermarkTargets: WatermarkTarget[];
  /** Incoming edges: how many input watermarks the node keeps. */
  inputs: number;
  /** The sources upstream of the node (a source is its own), nearest first along edge order. */
  sources: string[];
}

export interface Plan {
  /** In the pipeline's topological order. */
  nodes: NodePlan[];
  byId: Map<string, NodePlan>;
}

/** Works out keys, edges, watermark slots and upstream sources of a validated pipeline. */
export function planPipeline(pipeline: ValidPipeline): Plan {
  const nodes: NodePlan[] = [];
  const byId = new Map<string, NodePlan>();
  for (const node of pipeline.nodes) {
    const plan: NodePlan = {
      node,
      keyFields: null,
      incoming: [],
      outgoing: new Map(),
      watermarkTargets: [],
      inputs: 0,
      sources: [],
    };
    nodes.push(plan);
    byId.set(node.id, plan);
  }
  for (const edge of pipeline.edges) {
    const source = byId.get(edge.source)!;
    const target = byId.get(edge.target)!;
    target.incoming.push(edge);
    const onPort = source.outgoing.get(edge.sourceHandle);
    if (onPort) onPort.push(edge);
    else source.outgoing.set(edge.sourceHandle, [edge]);
    source.watermarkTargets.push({ target: edge.target, slot: target.inputs++, edge });
  }
  // Topological order: every node's inputs are planned before it.
  for (const plan of nodes) {
    plan.keyFields = keyFieldsOf(plan, byId);
    plan.sources = sourcesOf(plan, byId);
  }
  return { nodes, byId };
}

/** Key fields flow from the nearest keyBy; inputs keyed differently give an unkeyed stream. */
function keyFieldsOf(plan: NodePlan, byId: Map<string, NodePlan>): readonly string[] | null {
  const { def, params } = plan.node;
  if (def.type === 'keyBy') return (params as { fields: string[] }).fields;
  const inputs = plan.incoming.map((e) => byId.get(e.source)!.keyFields);
  const first = inputs[0] ?? null;
  return inputs.every((k) => JSON.stringify(k) === JSON.stringify(first)) ? first : null;
}

/** The node itself if a source, then the sources of each input in edge order, each once. */
function sourcesOf(plan: NodePlan, byId: Map<string, NodePlan>): string[] {
  const found = new Set<string>();
  if (plan.node.def.kind === 'source') found.add(plan.node.id);
  for (const e of plan.incoming) for (const s of byId.get(e.source)!.sources) found.add(s);
  return [...found];
}
