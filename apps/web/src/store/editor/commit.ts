import { applyChange, type GraphChange } from '../../graph/changes';
import { indexGraph } from '../../graph/lookup';
import { edgeKey, type Graph } from '../../graph/types';
import type { EditorData, GetEditor, SetEditor, Snapshot } from './state';
import { scheduleValidation } from './validation';

const MAX_HISTORY = 200;
const COALESCE_MS = 1200;

export const snapshotOf = (s: EditorData): Snapshot => ({
  name: s.name,
  nodes: s.nodes,
  edges: s.edges,
});

/** State after the graph changed: new lookup maps, selection pruned to what still exists. */
export function withGraph(s: EditorData, graph: Graph): Partial<EditorData> {
  const index = indexGraph(graph);
  const edgeKeys = new Set(graph.edges.map(edgeKey));
  return {
    nodes: graph.nodes,
    edges: graph.edges,
    ...index,
    selection: {
      nodes: s.selection.nodes.filter((id) => index.nodeById.has(id)),
      edges: s.selection.edges.filter((k) => edgeKeys.has(k)),
    },
  };
}

/** Pushes `before` onto the undo stack unless this edit continues the last one (same key). */
export function pushHistory(
  s: EditorData,
  before: Snapshot,
  coalesce?: string,
): Partial<EditorData> {
  const now = Date.now();
  const continues =
    coalesce !== undefined &&
    s.lastEdit?.key === coalesce &&
    now - s.lastEdit.at < COALESCE_MS &&
    s.past.length > 0;
  return {
    past: continues ? s.past : [...s.past, before].slice(-MAX_HISTORY),
    future: [],
    lastEdit: coalesce !== undefined ? { key: coalesce, at: now } : null,
    dirty: true,
  };
}

/** Applies a change as an edit of the document: history, lookup maps, dirty, validation. */
export function commit(
  set: SetEditor,
  get: GetEditor,
  change: GraphChange,
  coalesce?: string,
): void {
  const s = get();
  const graph = applyChange({ nodes: s.nodes, edges: s.edges }, change);
  if (graph.nodes === s.nodes && graph.edges === s.edges) return;
  set({ ...pushHistory(s, snapshotOf(s), coalesce), ...withGraph(s, graph) });
  scheduleValidation(get, set);
}
