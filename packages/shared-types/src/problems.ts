import { z } from 'zod';

/**
 * One validation problem. It names what it is about: a node (and the path inside its params),
 * an edge, or the document itself.
 */
export const Problem = z.object({
  message: z.string(),
  nodeId: z.string().optional(),
  edge: z.string().optional().meta({ description: 'Edge id, or "source→target" when it has none' }),
  path: z.array(z.union([z.string(), z.number()])).optional(),
});
export type Problem = z.infer<typeof Problem>;

export type Result<T> = { ok: true; value: T } | { ok: false; problems: Problem[] };

/** One line per problem, as the CLI prints it. */
export function formatProblem(p: Problem): string {
  const where = [
    p.nodeId !== undefined ? `node "${p.nodeId}"` : undefined,
    p.edge !== undefined ? `edge "${p.edge}"` : undefined,
    p.path && p.path.length > 0 ? `params.${p.path.join('.')}` : undefined,
  ].filter(Boolean);
  return where.length > 0 ? `${where.join(', ')}: ${p.message}` : p.message;
}
