import {
  connectionViolation,
  type GraphView,
  type GraphViolation,
  type NodePorts,
} from '@rivulet/shared-types';
import type { GraphIndex } from './lookup';
import { IN, OUT, type Catalogue, type GraphEdge } from './types';

export interface ConnectAttempt {
  source: string;
  target: string;
  sourceHandle?: string | null;
  targetHandle?: string | null;
}

export type ConnectCheck = { ok: true; edge: GraphEdge } | { ok: false; reason: string };

/** The canvas's graph as the shared graph rules read it. */
export function graphView(index: GraphIndex, catalogue: Catalogue): GraphView {
  return {
    hasNode: (id) => index.nodeById.has(id),
    portsOf: (id): NodePorts | undefined => {
      const node = index.nodeById.get(id);
      return node && catalogue.get(node.type);
    },
    edgesInto: (id) => index.edgesByTarget.get(id) ?? [],
    edgesOutOf: (id) => index.edgesBySource.get(id) ?? [],
  };
}

/**
 * Whether an edge may be drawn, and why not: the validator's own graph rules (shared-types'
 * graph-rules), asked before the edge exists and worded for the canvas.
 */
export function checkConnection(
  attempt: ConnectAttempt,
  index: GraphIndex,
  catalogue: Catalogue,
): ConnectCheck {
  const { source, target } = attempt;
  const sourceHandle = attempt.sourceHandle ?? OUT;
  const targetHandle = attempt.targetHandle ?? IN;
  const violation = connectionViolation(graphView(index, catalogue), {
    source,
    target,
    sourceHandle,
    targetHandle,
  });
  if (violation) return { ok: false, reason: reasonOf(violation) };
  const edge: GraphEdge = { source, target };
  if (sourceHandle !== OUT) edge.sourceHandle = sourceHandle;
  if (targetHandle !== IN) edge.targetHandle = targetHandle;
  return { ok: true, edge };
}

/** A refused connection in the canvas's words (the validator words the same rules its way). */
function reasonOf(v: GraphViolation): string {
  switch (v.rule) {
    case 'missing-node':
      return 'Both ends must be nodes of this pipeline.';
    case 'sink-has-no-output':
      return `"${v.nodeId}" is a sink: it has no output to connect from.`;
    case 'source-takes-no-input':
      return `"${v.nodeId}" is a source: it takes no input.`;
    case 'no-such-output':
      return `"${v.nodeId}" has no output port "${v.port}".`;
    case 'no-such-input':
      return `"${v.nodeId}" has no input port "${v.port}".`;
    case 'duplicate-edge':
      return `"${v.source}" is already connected to "${v.target}".`;
    case 'input-taken':
      return `"${v.nodeId}" takes one input on "${v.port}"; use a Union to merge streams.`;
    case 'cycle':
      return v.cycle.length === 1
        ? `"${v.nodeId}" cannot feed itself.`
        : `That edge would make a cycle: "${v.cycle[1]}" already feeds "${v.cycle[0]}".`;
    case 'missing-input':
      // Never a reason to refuse an edge; named so that every rule has its words.
      return `"${v.nodeId}" has nothing connected to its input "${v.port}".`;
  }
}
