import type { GraphIndex } from './lookup';
import { reaches } from './lookup';
import { IN, OUT, sourcePort, targetPort, type Catalogue, type GraphEdge } from './types';

export interface ConnectAttempt {
  source: string;
  target: string;
  sourceHandle?: string | null;
  targetHandle?: string | null;
}

export type ConnectCheck = { ok: true; edge: GraphEdge } | { ok: false; reason: string };

/**
 * Whether an edge may be drawn, and why not: into a source, out of a sink, a second edge into a
 * single-input port, a cycle, a self-loop, a duplicate, or a port the operator lacks.
 */
export function checkConnection(
  attempt: ConnectAttempt,
  index: GraphIndex,
  catalogue: Catalogue,
): ConnectCheck {
  const { source, target } = attempt;
  const sourceHandle = attempt.sourceHandle ?? OUT;
  const targetHandle = attempt.targetHandle ?? IN;
  const from = index.nodeById.get(source);
  const to = index.nodeById.get(target);
  if (!from || !to) return { ok: false, reason: 'Both ends must be nodes of this pipeline.' };
  if (source === target) return { ok: false, reason: `"${source}" cannot feed itself.` };
  const fromOp = catalogue.get(from.type);
  const toOp = catalogue.get(to.type);
  if (fromOp && fromOp.outputs.length === 0) {
    return { ok: false, reason: `"${source}" is a sink: it has no output to connect from.` };
  }
  if (toOp && toOp.inputs.length === 0) {
    return { ok: false, reason: `"${target}" is a source: it takes no input.` };
  }
  if (fromOp && !fromOp.outputs.some((p) => p.name === sourceHandle)) {
    return { ok: false, reason: `"${source}" has no output port "${sourceHandle}".` };
  }
  const port = toOp?.inputs.find((p) => p.name === targetHandle);
  if (toOp && !port) {
    return { ok: false, reason: `"${target}" has no input port "${targetHandle}".` };
  }
  const incoming = index.edgesByTarget.get(target) ?? [];
  if (
    incoming.some(
      (e) =>
        e.source === source && sourcePort(e) === sourceHandle && targetPort(e) === targetHandle,
    )
  ) {
    return { ok: false, reason: `"${source}" is already connected to "${target}".` };
  }
  if (port && !port.multiple && incoming.some((e) => targetPort(e) === targetHandle)) {
    return {
      ok: false,
      reason: `"${target}" takes one input on "${targetHandle}"; use a Union to merge streams.`,
    };
  }
  if (reaches(index, target, source)) {
    return {
      ok: false,
      reason: `That edge would make a cycle: "${target}" already feeds "${source}".`,
    };
  }
  const edge: GraphEdge = { source, target };
  if (sourceHandle !== OUT) edge.sourceHandle = sourceHandle;
  if (targetHandle !== IN) edge.targetHandle = targetHandle;
  return { ok: true, edge };
}
