import type { Problem } from '@rivulet/shared-types';

/** Problems sorted by where they show: on a node, on an edge, or on the pipeline itself. */
export interface ProblemIndex {
  byNode: ReadonlyMap<string, readonly Problem[]>;
  byEdge: ReadonlyMap<string, readonly Problem[]>;
  general: readonly Problem[];
}

export function indexProblems(problems: readonly Problem[]): ProblemIndex {
  const byNode = new Map<string, Problem[]>();
  const byEdge = new Map<string, Problem[]>();
  const general: Problem[] = [];
  for (const p of problems) {
    if (p.nodeId !== undefined) add(byNode, p.nodeId, p);
    if (p.edge !== undefined) add(byEdge, p.edge, p);
    if (p.nodeId === undefined && p.edge === undefined) general.push(p);
  }
  return { byNode, byEdge, general };
}

function add(map: Map<string, Problem[]>, key: string, p: Problem): void {
  const list = map.get(key);
  if (list) list.push(p);
  else map.set(key, [p]);
}

/** A path inside params as the form's field names use it: ["aggregations", 0, "fn"] → "aggregations.0.fn". */
export const pathKey = (path: readonly (string | number)[]): string => path.join('.');

/** The problems whose param path is exactly `path`. */
export function problemsAt(
  problems: readonly Problem[],
  path: readonly (string | number)[],
): Problem[] {
  const key = pathKey(path);
  return problems.filter((p) => p.path !== undefined && pathKey(p.path) === key);
}
