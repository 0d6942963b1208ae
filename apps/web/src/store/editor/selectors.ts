import type { EditorState } from './state';

/** Module-level selectors: components read the store through these. */
export const selectSelectedNode = (s: EditorState) =>
  s.selection.nodes.length === 1 ? s.nodeById.get(s.selection.nodes[0]!) : undefined;
export const selectCatalogue = (s: EditorState) => s.catalogue;
export const selectCanUndo = (s: EditorState) => s.past.length > 0;
export const selectCanRedo = (s: EditorState) => s.future.length > 0;
export const selectNode = (id: string) => (s: EditorState) => s.nodeById.get(id);
export const selectNodeProblems = (id: string) => (s: EditorState) => s.problemIndex.byNode.get(id);
export const selectEdgeProblems = (key: string) => (s: EditorState) =>
  s.problemIndex.byEdge.get(key);
export const selectEntry = (type: string | undefined) => (s: EditorState) =>
  type === undefined ? undefined : s.catalogue.byType.get(type);
