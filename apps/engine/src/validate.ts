import {
  type OperatorDefinition,
  type Registry,
  registry as defaultRegistry,
} from '@rivulet/operators';
import {
  MAX_PARALLELISM,
  MIN_CHECKPOINT_INTERVAL_MS,
  parseDuration,
  EdgeChecker,
  inputViolations,
  PipelineEdge,
  PipelineNode,
  problemOf,
  topologicalOrder,
  type PipelineDocument,
  type Problem,
  type Result,
  type RuleEdge,
} from '@rivulet/shared-types';
import type { z } from 'zod';

/** A node that passed validation, with its params parsed (durations in ms, defaults filled). */
export interface ValidNode {
  id: string;
  def: OperatorDefinition;
  params: unknown;
  raw: PipelineNode;
}

/** An edge that passed validation: its ports filled in, its label as problems name it. */
export type ValidEdge = RuleEdge;

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

  // Edges: shape, then the graph rules (ends, ports, duplicates), each edge in turn.
  const edgeChecker = new EdgeChecker(
    (id) => seen.has(id),
    (id) => nodes.get(id)?.def,
  );
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
    problems.push(...edgeChecker.check(parsed.data).map(problemOf));
  });
  const edges: ValidEdge[] = edgeChecker.accepted;

  // Inputs: every non-source has one, single ports take one edge.
  const withPorts = [...nodes.values()].map((n) => ({ id: n.id, ports: n.def }));
  problems.push(...inputViolations(withPorts, edges).map(problemOf));

  // Every node with an id is part of the graph, even one whose type is unknown: leaving it out
  // would leave its successors waiting for an input that never comes, which reads as a cycle.
  const order = topologicalOrder([...seen], edges);
  if (order.cycle.length > 0) {
    problems.push(problemOf({ rule: 'cycle', nodeId: order.cycle[0]!, cycle: order.cycle }));
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
