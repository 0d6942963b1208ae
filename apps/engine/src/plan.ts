import type { Emitter, OperatorRuntime, Rec, SourceRuntime } from '@rivulet/operators';
import { NodeMetrics } from './metrics.js';
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

/** Where an edge that crosses workers sends its watermarks (a run in parallel), else null. */
export type WatermarkExchange = (edge: ValidEdge) => { watermark(wm: number): void } | null;

/**
 * A node as the run holds it: its plan, its counters, and the slots the job fills when it builds
 * the operator (`runtime` or `source`, `entry`, `inputs`) and while it runs (watermarks, `maxTs`).
 */
export interface Vertex {
  node: ValidNode;
  /** Its index in vertices + 1: what `busy` holds while the job is inside this node. */
  position: number;
  /** Its keys, edges and watermark slots, as planned before the run. */
  plan: NodePlan;
  metrics: NodeMetrics;
  runtime: OperatorRuntime | null;
  source: SourceRuntime | null;
  /** Called with each record arriving at this node. */
  entry: Emitter;
  /** Entries per named input, for operators with several inputs (joins); else only `entry`. */
  inputs: Map<string, Emitter> | null;
  /** Watermark of each incoming edge. */
  inputWatermarks: number[];
  /**
   * Watermark receivers of the outgoing edges: (edge index at the target, watermark), or on an
   * edge that crosses workers, the exchange's `send`.
   */
  watermarkTargets: { vertex: Vertex; slot: number; send: ((wm: number) => void) | null }[];
  /** A source's largest event time so far, and whether it has been read to its end. */
  maxTs: number;
  sourceDone: boolean;
  /** A tap per output port, made when the port's emitter is. */
  taps: Map<string, Tap>;
}

/** An emitter with no target. */
export const noop: Emitter = () => {};

/**
 * A tap on a node's output port, for peeking at the records on its edges: while `on`, each
 * record emitted there is also handed to `take`. Off, it costs the emit path one load and branch.
 */
export interface Tap {
  on: boolean;
  take: (record: Rec, ts: number) => void;
}

/**
 * The run's vertices, one a node in the plan's (topological) order, before any operator is
 * built: watermark slots sized, and each node's watermark receivers resolved to vertices, or to
 * the exchange of an edge that crosses workers.
 */
export function placeVertices(
  plan: Plan,
  exchangeOf: WatermarkExchange,
): { vertices: Vertex[]; byId: Map<string, Vertex> } {
  const vertices: Vertex[] = [];
  const byId = new Map<string, Vertex>();
  for (const nodePlan of plan.nodes) {
    const node = nodePlan.node;
    const vertex: Vertex = {
      node,
      position: vertices.length + 1,
      plan: nodePlan,
      metrics: new NodeMetrics(node.id, node.def.type),
      runtime: null,
      source: null,
      entry: noop,
      inputs: null,
      inputWatermarks: [],
      watermarkTargets: [],
      maxTs: Number.NEGATIVE_INFINITY,
      sourceDone: false,
      taps: new Map(),
    };
    vertices.push(vertex);
    byId.set(node.id, vertex);
  }
  for (const vertex of vertices) {
    // Pushed, not new Array(n): a packed array keeps the watermark minimum loop fast.
    for (let i = 0; i < vertex.plan.inputs; i++)
      vertex.inputWatermarks.push(Number.NEGATIVE_INFINITY);
    for (const { target, slot, edge } of vertex.plan.watermarkTargets) {
      const exchange = exchangeOf(edge);
      const send = exchange ? (wm: number) => exchange.watermark(wm) : null;
      vertex.watermarkTargets.push({ vertex: byId.get(target)!, slot, send });
    }
  }
  return { vertices, byId };
}
