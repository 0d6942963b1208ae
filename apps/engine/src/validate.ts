import {
  type OperatorDefinition,
  type Registry,
  registry as defaultRegistry,
} from '@rivulet/operators';
import {
  MAX_PARALLELISM,
  MIN_CHECKPOINT_INTERVAL_MS,
  parseDuration,
  DEFAULT_SOURCE_HANDLE,
  DEFAULT_TARGET_HANDLE,
  PipelineEdge,
  PipelineNode,
  type PipelineDocument,
  type Problem,
  type Result,
} from '@rivulet/shared-types';
import type { z } from 'zod';

/** A node that passed validation, with its params parsed (durations in ms, defaults filled). */
export interface ValidNode {
  id: string;
  def: OperatorDefinition;
  params: unknown;
  raw: PipelineNode;
}

export interface ValidEdge {
  label: string;
  source: string;
  sourceHandle: string;
  target: string;
  targetHandle: string;
}

export interface ValidPipeline {
  doc: PipelineDocument;
  /** settings.checkpointInterval in ms: null when not set, 0 when turned off. */
  checkpointIntervalMs: number | null;
  /** settings.parallelism: worker threads of a run (1 when not set). */
  parallelism: number;
  /** Nodes in topological order: every node after all its inputs. */
  nodes: ValidNode[];
  edges: ValidEdge[];
}

/** Checks a file path param; returns the path to use, or why it is refused. */
export type PathCheck = (
  path: string,
) => { ok: true; path: string } | { ok: false; reason: string };

export interface ValidateOptions {
  registry?: Registry;
  checkPath?: PathCheck;
}

/** Nodes (and edges) a pipeline may have: far above any drawn pipeline, low enough to validate fast. */
export const MAX_GRAPH_ITEMS = 2000;

/** Validates a pipeline document (spec §1), reporting every problem at once. */
export function validatePipeline(
  input: unknown,
  options: ValidateOptions = {},
): Result<ValidPipeline> {
  const registry = options.registry ?? defaultRegistry;
  const problems: Problem[] = [];

  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    return { ok: false, problems: [{ message: 'a pipeline must be a JSON object' }] };
  }
  const doc = input as Record<string, unknown>;
  if (doc.version !== 1)
    problems.push({
      message: `version must be 1 (got ${JSON.stringify(doc.version) ?? 'nothing'})`,
    });
  if (typeof doc.name !== 'string') problems.push({ message: 'name must be text' });
  const checkpointIntervalMs = checkSettings(doc.settings, problems);
  const parallelism = checkParallelism(doc.settings, problems);
  if (!Array.isArray(doc.nodes)) problems.push({ message: 'nodes must be a list' });
  if (!Array.isArray(doc.edges)) problems.push({ message: 'edges must be a list' });
  for (const field of ['nodes', 'edges'] as const) {
    const list = doc[field];
    if (Array.isArray(list) && list.length > MAX_GRAPH_ITEMS) {
      return {
        ok: false,
        problems: [
          { message: `a pipeline has at most ${MAX_GRAPH_ITEMS} ${field} (got ${list.length})` },
        ],
      };
    }
  }

  // Nodes: shape, ids, types, params.
  const nodes = new Map<string, ValidNode>();
  const seen = new Set<string>();
  (Array.isArray(doc.nodes) ? doc.nodes : []).forEach((rawNode: unknown, index: number) => {
    const parsed = PipelineNode.safeParse(rawNode);
    if (!parsed.success) {
      const id = idOf(rawNode);
      for (const issue of parsed.error.issues) {
        problems.push({
          ...(id !== undefined ? { nodeId: id } : {}),
          message: `nodes[${index}]${pathText(issue.path)}: ${issue.message}`,
        });
      }
      return;
    }
    const node = parsed.data;
    if (node.id.trim() === '') {
      problems.push({ message: `nodes[${index}] has an empty id` });
      return;
    }
    if (seen.has(node.id)) {
      problems.push({ nodeId: node.id, message: `duplicate node id "${node.id}"` });
      return;
    }
    seen.add(node.id);
    const def = registry.get(node.type);
    if (!def) {
      problems.push({ nodeId: node.id, message: `unknown operator type "${node.type}"` });
      return;
    }
    const params = def.params.safeParse(node.params);
    if (!params.success) {
      // Still a node of the graph: its edges and inputs are checked too.
      problems.push(...paramProblems(node.id, params.error));
      nodes.set(node.id, { id: node.id, def, params: undefined, raw: node });
      return;
    }
    for (const name of def.pathParams ?? []) {
      const value = (params.data as Record<string, unknown>)[name];
      if (typeof value !== 'string' || !options.checkPath) continue;
      const checked = options.checkPath(value);
      if (checked.ok) (params.data as Record<string, unknown>)[name] = checked.path;
      else problems.push({ nodeId: node.id, path: [name], message: checked.reason });
    }
    nodes.set(node.id, { id: node.id, def, params: params.data, raw: node });
  });

  // Edges: shape, ends, ports.
  const edges: ValidEdge[] = [];
  const edgeKeys = new Set<string>();
  (Array.isArray(doc.edges) ? doc.edges : []).forEach((rawEdge: unknown, index: number) => {
    const parsed = PipelineEdge.safeParse(rawEdge);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        problems.push({
          edge: `edges[${index}]`,
          message: `edges[${index}]${pathText(issue.path)}: ${issue.message}`,
        });
      }
      return;
    }
    const e = parsed.data;
    const label = e.id ?? `${e.source}→${e.target}`;
    const edge: ValidEdge = {
      label,
      source: e.source,
      target: e.target,
      sourceHandle: e.sourceHandle ?? DEFAULT_SOURCE_HANDLE,
      targetHandle: e.targetHandle ?? DEFAULT_TARGET_HANDLE,
    };
    let ok = true;
    for (const [end, id] of [
      ['source', e.source],
      ['target', e.target],
    ] as const) {
      if (!seen.has(id)) {
        problems.push({ edge: label, message: `${end} node "${id}" does not exist` });
        ok = false;
      }
    }
    const from = nodes.get(e.source);
    const to = nodes.get(e.target);
    if (from) {
      if (from.def.kind === 'sink') {
        problems.push({
          edge: label,
          nodeId: from.id,
          message: `"${from.id}" is a sink: it has no output`,
        });
        ok = false;
      } else if (!from.def.outputs.some((p) => p.name === edge.sourceHandle)) {
        problems.push({
          edge: label,
          nodeId: from.id,
          message: `"${from.id}" (${from.def.type}) has no output port "${edge.sourceHandle}"; its outputs: ${portList(from.def.outputs)}`,
        });
        ok = false;
      }
    }
    if (to) {
      if (to.def.kind === 'source') {
        problems.push({
          edge: label,
          nodeId: to.id,
          message: `"${to.id}" is a source: it takes no input`,
        });
        ok = false;
      } else if (!to.def.inputs.some((p) => p.name === edge.targetHandle)) {
        problems.push({
          edge: label,
          nodeId: to.id,
          message: `"${to.id}" (${to.def.type}) has no input port "${edge.targetHandle}"; its inputs: ${portList(to.def.inputs)}`,
        });
        ok = false;
      }
    }
    const key = `${edge.source}\u0000${edge.sourceHandle}\u0000${edge.target}\u0000${edge.targetHandle}`;
    if (ok && edgeKeys.has(key)) {
      problems.push({
        edge: label,
        message: `duplicate edge from "${edge.source}" to "${edge.target}"`,
      });
      ok = false;
    }
    edgeKeys.add(key);
    if (ok) edges.push(edge);
  });

  // Inputs: every non-source has one, single ports take one edge.
  const incomingOf = new Map<string, ValidEdge[]>();
  for (const e of edges) incomingOf.set(e.target, [...(incomingOf.get(e.target) ?? []), e]);
  for (const node of nodes.values()) {
    if (node.def.kind === 'source') continue;
    const incoming = incomingOf.get(node.id) ?? [];
    for (const port of node.def.inputs) {
      const onPort = incoming.filter((e) => e.targetHandle === port.name);
      if (onPort.length === 0) {
        problems.push({
          nodeId: node.id,
          message: `"${node.id}" has nothing connected to its input "${port.name}"`,
        });
      } else if (onPort.length > 1 && !port.multiple) {
        problems.push({
          nodeId: node.id,
          message: `input "${port.name}" of "${node.id}" takes one edge, got ${onPort.length}: use a union to merge streams`,
        });
      }
    }
  }

  // Every node with an id is part of the graph, even one whose type is unknown: leaving it out
  // would leave its successors waiting for an input that never comes, which reads as a cycle.
  const order = topologicalOrder([...seen], edges);
  if (order.cycle.length > 0) {
    problems.push({
      nodeId: order.cycle[0],
      message: `cycle: ${[...order.cycle, order.cycle[0]].join(' → ')}`,
    });
  }

  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    value: {
      doc: input as PipelineDocument,
      checkpointIntervalMs,
      parallelism,
      nodes: order.order.map((id) => nodes.get(id)!),
      edges,
    },
  };
}

/**
 * Kahn's algorithm over the nodes `ids` (edges with an end outside them are ignored). When some
 * nodes are left unordered, names one cycle among them: it only ever names a real one.
 */
function topologicalOrder(ids: string[], edges: ValidEdge[]): { order: string[]; cycle: string[] } {
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
function oneCycle(ids: string[], ordered: Set<string>, previous: Map<string, string[]>): string[] {
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

function paramProblems(nodeId: string, error: z.ZodError): Problem[] {
  const problems: Problem[] = [];
  for (const issue of error.issues) {
    const path = issue.path.map(pathPart);
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys)
        problems.push({ nodeId, path: [...path, key], message: `unknown param "${key}"` });
    } else if (issue.code === 'invalid_type' && issue.message.endsWith('received undefined')) {
      problems.push({ nodeId, path, message: `missing: expected ${issue.expected}` });
    } else {
      problems.push({ nodeId, path, message: issue.message });
    }
  }
  return problems;
}

function pathPart(part: PropertyKey): string | number {
  return typeof part === 'number' ? part : String(part);
}

function pathText(path: readonly PropertyKey[]): string {
  return path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('');
}

function idOf(node: unknown): string | undefined {
  return node !== null &&
    typeof node === 'object' &&
    typeof (node as { id?: unknown }).id === 'string'
    ? (node as { id: string }).id
    : undefined;
}

function portList(ports: readonly { name: string }[]): string {
  return ports.length > 0 ? ports.map((p) => `"${p.name}"`).join(', ') : 'none';
}

/** The pipeline's settings: each problem names its field. */
function checkSettings(settings: unknown, problems: Problem[]): number | null {
  if (settings === undefined) return null;
  if (settings === null || typeof settings !== 'object' || Array.isArray(settings)) {
    problems.push({ message: 'settings must be an object' });
    return null;
  }
  const interval = (settings as Record<string, unknown>).checkpointInterval;
  if (interval === undefined) return null;
  const ms = parseDuration(interval);
  if (ms === null || (ms !== 0 && ms < MIN_CHECKPOINT_INTERVAL_MS)) {
    problems.push({
      message: `settings.checkpointInterval: "${String(interval)}" is not a duration of at least ${MIN_CHECKPOINT_INTERVAL_MS}ms (or 0 for none)`,
    });
    return null;
  }
  return ms;
}

/** settings.parallelism: a whole number from 1 to MAX_PARALLELISM; 1 when not set. */
function checkParallelism(settings: unknown, problems: Problem[]): number {
  if (settings === null || typeof settings !== 'object') return 1;
  const value = (settings as Record<string, unknown>).parallelism;
  if (value === undefined) return 1;
  if (!Number.isInteger(value) || (value as number) < 1 || (value as number) > MAX_PARALLELISM) {
    problems.push({
      message: `settings.parallelism: ${JSON.stringify(value)} is not a whole number from 1 to ${MAX_PARALLELISM}`,
    });
    return 1;
  }
  return value as number;
}
