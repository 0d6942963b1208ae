import type { Problem } from '@rivulet/shared-types';
import { exportFileName } from '../pipelines/importDocument';
import { sourcePort, targetPort, type Graph, type GraphEdge } from '../graph/types';

/** The file a script is downloaded as: the pipeline's name made safe, as the JSON export's. */
export function sqlFileName(pipelineName: string): string {
  return exportFileName(pipelineName).replace(/\.json$/, '.sql');
}

/** A file name as a POSIX shell reads it: as it is when plain, else in single quotes. */
export function shellWord(word: string): string {
  return /^[A-Za-z0-9._/+-]+$/.test(word) ? word : `'${word.replaceAll("'", "'\\''")}'`;
}

/** The problems of one node of the answer (`nodeId` null: the pipeline's own, or an edge's). */
export interface ProblemGroup {
  nodeId: string | null;
  /** False when the answer names a node the document does not hold (it cannot be selected). */
  known: boolean;
  problems: Problem[];
}

/**
 * The answer's problems by node, in the document's node order (the order of the canvas's
 * source-to-sink layout once auto-arranged); nodes the document does not hold after them, and
 * problems that name no node last.
 */
export function groupByNode(
  problems: readonly Problem[],
  nodeIds: readonly string[],
): ProblemGroup[] {
  const byNode = new Map<string, Problem[]>();
  const rest: Problem[] = [];
  for (const p of problems) {
    if (p.nodeId === undefined) {
      rest.push(p);
      continue;
    }
    const list = byNode.get(p.nodeId);
    if (list) list.push(p);
    else byNode.set(p.nodeId, [p]);
  }
  const known = new Set(nodeIds);
  const groups: ProblemGroup[] = [];
  for (const id of nodeIds) {
    const list = byNode.get(id);
    if (list) groups.push({ nodeId: id, known: true, problems: list });
  }
  for (const [id, list] of byNode) {
    if (!known.has(id)) groups.push({ nodeId: id, known: false, problems: list });
  }
  if (rest.length > 0) groups.push({ nodeId: null, known: false, problems: rest });
  return groups;
}

/** Where inside a node a problem is, as the CLI spells it: `params.aggregations.0.field`. */
export function fieldOf(p: Problem): string | null {
  if (p.path && p.path.length > 0) return `params.${p.path.join('.')}`;
  if (p.nodeId === undefined && p.edge !== undefined) return `edge ${p.edge}`;
  return null;
}

/** A message cut at its `backticks`: odd pieces are code (commands, field names). */
export function codeSpans(message: string): { text: string; code: boolean }[] {
  const parts = message.split('`');
  // An unpaired backtick is text, not the start of code that never ends.
  if (parts.length % 2 === 0) return [{ text: message, code: false }];
  return parts.map((text, i) => ({ text, code: i % 2 === 1 })).filter((p) => p.text !== '');
}

/** One line for a node's tooltip: the field, then the reason. */
export function problemLine(p: Problem): string {
  const field = p.path && p.path.length > 0 ? `${p.path.join('.')}: ` : '';
  return `${field}${p.message}`;
}

const sameEdge = (a: GraphEdge, b: GraphEdge): boolean =>
  a === b ||
  (a.id === b.id &&
    a.source === b.source &&
    a.target === b.target &&
    sourcePort(a) === sourcePort(b) &&
    targetPort(a) === targetPort(b));

/**
 * Whether two graphs export alike: the same nodes (id, type, the same params object) and
 * edges. Positions do not count: moving a node changes no SQL. Params are compared by
 * reference, which the editor keeps for a node whose params did not change (its edits replace
 * the params object), so this stays cheap while a node is dragged.
 */
export function sameGraph(a: Graph, b: Graph): boolean {
  if (a.nodes !== b.nodes) {
    if (a.nodes.length !== b.nodes.length) return false;
    for (let i = 0; i < a.nodes.length; i++) {
      const x = a.nodes[i]!;
      const y = b.nodes[i]!;
      if (x !== y && (x.id !== y.id || x.type !== y.type || x.params !== y.params)) return false;
    }
  }
  if (a.edges !== b.edges) {
    if (a.edges.length !== b.edges.length) return false;
    for (let i = 0; i < a.edges.length; i++) if (!sameEdge(a.edges[i]!, b.edges[i]!)) return false;
  }
  return true;
}

/** "2 of 5 nodes cannot be exported" and the like, for the dialog's headline. */
export function problemsHeadline(groups: readonly ProblemGroup[], nodeCount: number): string {
  const bad = groups.filter((g) => g.nodeId !== null && g.known).length;
  const problems = groups.reduce((n, g) => n + g.problems.length, 0);
  const reasons = `${problems} reason${problems === 1 ? '' : 's'}`;
  if (bad === 0) return `This pipeline cannot be exported to Flink SQL (${reasons}).`;
  return `${bad} of ${nodeCount} node${nodeCount === 1 ? '' : 's'} cannot be exported to Flink SQL (${reasons}).`;
}
