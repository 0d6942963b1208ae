import { DEFAULT_SOURCE_HANDLE, DEFAULT_TARGET_HANDLE } from './pipeline.js';
import type { Problem } from './problems.js';

/*
 * The rules of a pipeline's graph, written once: the engine's validator checks a whole document
 * with them (`EdgeChecker`, `inputViolations`, `topologicalOrder`, or `checkGraph` for all
 * three) and the canvas asks `connectionViolation` before it draws an edge. Plain TypeScript
 * over ids and ports: no operator runtime, no framework, so the browser imports it as it is.
 * A rule answers with a violation (data); `problemOf` words it as the validator reports it, and
 * the canvas words the same violations its own way.
 */

/** What the rules know of a node's operator: its ports, and its kind when declared. */
export interface NodePorts {
  type: string;
  /** Absent (the catalogue's entries): no inputs is a source, no outputs a sink. */
  kind?: 'source' | 'transform' | 'sink';
  inputs: readonly { name: string; multiple?: boolean }[];
  outputs: readonly { name: string }[];
}

/** An edge as the document writes it (React Flow's field names; a port may be left out). */
export interface EdgeLike {
  id?: string;
  source: string;
  target: string;
  sourceHandle?: string | null;
  targetHandle?: string | null;
}

/** An edge with its ports filled in and the name problems give it. */
export interface RuleEdge {
  label: string;
  source: string;
  sourceHandle: string;
  target: string;
  targetHandle: string;
}

export type GraphViolation =
  | { rule: 'missing-node'; edge: string; end: 'source' | 'target'; nodeId: string }
  | { rule: 'sink-has-no-output'; edge: string; nodeId: string }
  | { rule: 'no-such-output'; edge: string; nodeId: string; port: string; ports: NodePorts }
  | { rule: 'source-takes-no-input'; edge: string; nodeId: string }
  | { rule: 'no-such-input'; edge: string; nodeId: string; port: string; ports: NodePorts }
  | { rule: 'duplicate-edge'; edge: string; source: string; target: string }
  | { rule: 'missing-input'; nodeId: string; port: string }
  /** More than one edge into an input that takes one; `count` counts the new one too. */
  | { rule: 'input-taken'; nodeId: string; port: string; count: number }
  /** `cycle` in edge direction; one node long for an edge from a node to itself. */
  | { rule: 'cycle'; nodeId: string; cycle: string[] };

export const outputPortOf = (e: EdgeLike): string => e.sourceHandle ?? DEFAULT_SOURCE_HANDLE;
export const inputPortOf = (e: EdgeLike): string => e.targetHandle ?? DEFAULT_TARGET_HANDLE;

/** How a problem names an edge: its id, or "source→target". */
export const edgeLabel = (e: EdgeLike): string => e.id ?? `${e.source}→${e.target}`;

export function ruleEdge(e: EdgeLike): RuleEdge {
  return {
    label: edgeLabel(e),
    source: e.source,
    target: e.target,
    sourceHandle: outputPortOf(e),
    targetHandle: inputPortOf(e),
  };
}

const kindOf = (p: NodePorts): 'source' | 'transform' | 'sink' =>
  p.kind ?? (p.inputs.length === 0 ? 'source' : p.outputs.length === 0 ? 'sink' : 'transform');

export const isSource = (p: NodePorts): boolean => kindOf(p) === 'source';
export const isSink = (p: NodePorts): boolean => kindOf(p) === 'sink';

/** Two edges are the same edge when they join the same ports of the same nodes. */
const sameEnds = (a: RuleEdge, b: RuleEdge): boolean =>
  a.source === b.source &&
  a.target === b.target &&
  a.sourceHandle === b.sourceHandle &&
  a.targetHandle === b.targetHandle;

const endsKey = (e: RuleEdge): string =>
  `${e.source}\u0000${e.sourceHandle}\u0000${e.target}\u0000${e.targetHandle}`;

/** Each end's node exists; its port exists, out of a node that has outputs, into one with inputs. */
function endViolations(
  e: RuleEdge,
  hasNode: (id: string) => boolean,
  portsOf: (id: string) => NodePorts | undefined,
): GraphViolation[] {
  const found: GraphViolation[] = [];
  for (const end of ['source', 'target'] as const) {
    if (!hasNode(e[end])) found.push({ rule: 'missing-node', edge: e.label, end, nodeId: e[end] });
  }
  const from = portsOf(e.source);
  if (from && isSink(from)) {
    found.push({ rule: 'sink-has-no-output', edge: e.label, nodeId: e.source });
  } else if (from && !from.outputs.some((p) => p.name === e.sourceHandle)) {
    found.push({
      rule: 'no-such-output',
      edge: e.label,
      nodeId: e.source,
      port: e.sourceHandle,
      ports: from,
    });
  }
  const to = portsOf(e.target);
  if (to && isSource(to)) {
    found.push({ rule: 'source-takes-no-input', edge: e.label, nodeId: e.target });
  } else if (to && !to.inputs.some((p) => p.name === e.targetHandle)) {
    found.push({
      rule: 'no-such-input',
      edge: e.label,
      nodeId: e.target,
      port: e.targetHandle,
      ports: to,
    });
  }
  return found;
}

/**
 * Checks a document's edges one at a time, in order, and keeps those that pass in `accepted`.
 * `hasNode`: a node with that id exists; `portsOf`: its ports, undefined when its operator is
 * not known (its ports are then not checked).
 */
export class EdgeChecker {
  readonly accepted: RuleEdge[] = [];
  private readonly keys = new Set<string>();

  constructor(
    private readonly hasNode: (id: string) => boolean,
    private readonly portsOf: (id: string) => NodePorts | undefined,
  ) {}

  check(edge: EdgeLike): GraphViolation[] {
    const e = ruleEdge(edge);
    const found = endViolations(e, this.hasNode, this.portsOf);
    const key = endsKey(e);
    if (found.length === 0 && this.keys.has(key)) {
      found.push({ rule: 'duplicate-edge', edge: e.label, source: e.source, target: e.target });
    }
    this.keys.add(key);
    if (found.length === 0) this.accepted.push(e);
    return found;
  }
}

/** Every input of a node that is not a source is fed, and an input that takes one gets one. */
export function inputViolations(
  nodes: Iterable<{ id: string; ports: NodePorts | undefined }>,
  edges: readonly RuleEdge[],
): GraphViolation[] {
  const incomingOf = new Map<string, RuleEdge[]>();
  for (const e of edges) {
    const list = incomingOf.get(e.target);
    if (list) list.push(e);
    else incomingOf.set(e.target, [e]);
  }
  const found: GraphViolation[] = [];
  for (const { id, ports } of nodes) {
    if (!ports || isSource(ports)) continue;
    const incoming = incomingOf.get(id) ?? [];
    for (const port of ports.inputs) {
      const count = incoming.filter((e) => e.targetHandle === port.name).length;
      if (count === 0) found.push({ rule: 'missing-input', nodeId: id, port: port.name });
      else if (count > 1 && !port.multiple) {
        found.push({ rule: 'input-taken', nodeId: id, port: port.name, count });
      }
    }
  }
  return found;
}

/**
 * Kahn's algorithm over the nodes `ids` (edges with an end outside them are ignored). When some
 * nodes are left unordered, names one cycle among them: it only ever names a real one.
 */
export function topologicalOrder(
  ids: readonly string[],
  edges: readonly { source: string; target: string }[],
): { order: string[]; cycle: string[] } {
  const known = new Set(ids);
  const indegree = new Map(ids.map((id) => [id, 0]));
  const next = new Map(ids.map((id) => [id, [] as string[]]));
  const previous = new Map(ids.map((id) => [id, [] as string[]]));
  for (const e of edges) {
    if (!known.has(e.source) || !known.has(e.target)) continue;
    indegree.set(e.target, indegree.get(e.target)! + 1);
    next.get(e.source)!.push(e.target);
    previous.get(e.target)!.push(e.source);
  }
  const ready = ids.filter((id) => indegree.get(id) === 0);
  const order: string[] = [];
  for (let i = 0; i < ready.length; i++) {
    const id = ready[i]!;
    order.push(id);
    for (const t of next.get(id)!) {
      const d = indegree.get(t)! - 1;
      indegree.set(t, d);
      if (d === 0) ready.push(t);
    }
  }
  if (order.length === ids.length) return { order, cycle: [] };
  return { order, cycle: oneCycle(ids, new Set(order), previous) };
}

/**
 * A node Kahn's algorithm left unordered still has an unordered predecessor (else its indegree
 * would have reached 0), so walking backwards from one must come round to a node already seen:
 * that loop is a real cycle. (Walking forwards is wrong: a node downstream of a cycle may have no
 * successor left.) Returned in edge direction, starting at its node first in the document.
 */
function oneCycle(
  ids: readonly string[],
  ordered: Set<string>,
  previous: Map<string, string[]>,
): string[] {
  const left = ids.filter((id) => !ordered.has(id));
  const leftSet = new Set(left);
  const at = new Map<string, number>();
  const path: string[] = [];
  let id = left[0]!;
  while (!at.has(id)) {
    at.set(id, path.length);
    path.push(id);
    id = previous.get(id)!.find((p) => leftSet.has(p))!;
  }
  const cycle = path.slice(at.get(id)).reverse();
  const onCycle = new Set(cycle);
  const first = cycle.indexOf(ids.find((n) => onCycle.has(n))!);
  return [...cycle.slice(first), ...cycle.slice(0, first)];
}

export interface GraphCheck {
  violations: GraphViolation[];
  /** The edges that passed their own checks (ends, ports, not a duplicate). */
  edges: RuleEdge[];
  /** Nodes in topological order (all of them when there is no cycle). */
  order: string[];
}

/**
 * Every rule over a whole graph, in the validator's order: each edge in turn, then each node's
 * inputs, then one cycle. A node whose `ports` is undefined (unknown operator) is still a node.
 */
export function checkGraph(
  nodes: readonly { id: string; ports: NodePorts | undefined }[],
  edges: readonly EdgeLike[],
): GraphCheck {
  const byId = new Map(nodes.map((n) => [n.id, n.ports]));
  const checker = new EdgeChecker(
    (id) => byId.has(id),
    (id) => byId.get(id),
  );
  const violations = edges.flatMap((e) => checker.check(e));
  violations.push(...inputViolations(nodes, checker.accepted));
  const { order, cycle } = topologicalOrder([...byId.keys()], checker.accepted);
  if (cycle.length > 0) violations.push({ rule: 'cycle', nodeId: cycle[0]!, cycle });
  return { violations, edges: checker.accepted, order };
}

/** A graph as the canvas keeps it: lookups by node, edges by their ends. */
export interface GraphView {
  hasNode(id: string): boolean;
  /** Undefined when the node's operator is not known: its ports are not checked. */
  portsOf(id: string): NodePorts | undefined;
  edgesInto(id: string): readonly EdgeLike[];
  edgesOutOf(id: string): readonly EdgeLike[];
}

/**
 * Why `edge` may not be added to a graph that passes every rule but its inputs being fed, or
 * null when it may: exactly when `checkGraph` over the graph with the edge added reports no
 * violation other than a missing input (a property test holds the two together). The first
 * reason found, in the order a user would want to hear it.
 */
export function connectionViolation(graph: GraphView, edge: EdgeLike): GraphViolation | null {
  const e = ruleEdge(edge);
  const ends = endViolations(
    e,
    (id) => graph.hasNode(id),
    (id) => graph.portsOf(id),
  );
  const missing = ends.find((v) => v.rule === 'missing-node');
  if (missing) return missing;
  if (e.source === e.target) return { rule: 'cycle', nodeId: e.source, cycle: [e.source] };
  if (ends.length > 0) return ends[0]!;
  const incoming = graph.edgesInto(e.target).map(ruleEdge);
  if (incoming.some((other) => sameEnds(other, e))) {
    return { rule: 'duplicate-edge', edge: e.label, source: e.source, target: e.target };
  }
  const port = graph.portsOf(e.target)?.inputs.find((p) => p.name === e.targetHandle);
  const onPort = incoming.filter((other) => other.targetHandle === e.targetHandle).length;
  if (port && !port.multiple && onPort > 0) {
    return { rule: 'input-taken', nodeId: e.target, port: e.targetHandle, count: onPort + 1 };
  }
  const back = pathBetween(graph, e.target, e.source);
  if (back) return { rule: 'cycle', nodeId: e.source, cycle: [e.source, ...back.slice(0, -1)] };
  return null;
}

/** A path of node ids from `from` to `to` following edges (both included), or null. */
export function pathBetween(graph: GraphView, from: string, to: string): string[] | null {
  const parent = new Map<string, string | null>([[from, null]]);
  const queue = [from];
  for (let i = 0; i < queue.length; i++) {
    const id = queue[i]!;
    if (id === to) {
      const path: string[] = [];
      for (let at: string | null = id; at !== null; at = parent.get(at)!) path.push(at);
      return path.reverse();
    }
    for (const e of graph.edgesOutOf(id)) {
      if (parent.has(e.target)) continue;
      parent.set(e.target, id);
      queue.push(e.target);
    }
  }
  return null;
}

function portList(ports: readonly { name: string }[]): string {
  return ports.length > 0 ? ports.map((p) => `"${p.name}"`).join(', ') : 'none';
}

/** A violation as the validator reports it. */
export function problemOf(v: GraphViolation): Problem {
  switch (v.rule) {
    case 'missing-node':
      return { edge: v.edge, message: `${v.end} node "${v.nodeId}" does not exist` };
    case 'sink-has-no-output':
      return {
        edge: v.edge,
        nodeId: v.nodeId,
        message: `"${v.nodeId}" is a sink: it has no output`,
      };
    case 'no-such-output':
    case 'no-such-input': {
      const [side, ports] =
        v.rule === 'no-such-output' ? ['output', v.ports.outputs] : ['input', v.ports.inputs];
      return {
        edge: v.edge,
        nodeId: v.nodeId,
        message: `"${v.nodeId}" (${v.ports.type}) has no ${side} port "${v.port}"; its ${side}s: ${portList(ports)}`,
      };
    }
    case 'source-takes-no-input':
      return {
        edge: v.edge,
        nodeId: v.nodeId,
        message: `"${v.nodeId}" is a source: it takes no input`,
      };
    case 'duplicate-edge':
      return { edge: v.edge, message: `duplicate edge from "${v.source}" to "${v.target}"` };
    case 'missing-input':
      return {
        nodeId: v.nodeId,
        message: `"${v.nodeId}" has nothing connected to its input "${v.port}"`,
      };
    case 'input-taken':
      return {
        nodeId: v.nodeId,
        message: `input "${v.port}" of "${v.nodeId}" takes one edge, got ${v.count}: use a union to merge streams`,
      };
    case 'cycle':
      return { nodeId: v.nodeId, message: `cycle: ${[...v.cycle, v.cycle[0]].join(' → ')}` };
  }
}
