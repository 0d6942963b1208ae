import type { GetEditor, SelectionActions, SetEditor } from './state';
import { edgeKey } from '../../graph/types';

const toggle = (list: string[], id: string, on: boolean): string[] =>
  on ? (list.includes(id) ? list : [...list, id]) : list.filter((x) => x !== id);

export const selectionActions = (set: SetEditor, get: GetEditor): SelectionActions => ({
  select: (nodes, edges = []) => set({ selection: { nodes, edges } }),
  setNodeSelected: (id, on) =>
    set((s) => ({ selection: { ...s.selection, nodes: toggle(s.selection.nodes, id, on) } })),
  setEdgeSelected: (key, on) =>
    set((s) => ({ selection: { ...s.selection, edges: toggle(s.selection.edges, key, on) } })),
  clearSelection: () => {
    const { selection } = get();
    if (selection.nodes.length > 0 || selection.edges.length > 0) {
      set({ selection: { nodes: [], edges: [] } });
    }
  },
  selectAll: () =>
    set((s) => ({ selection: { nodes: s.nodes.map((n) => n.id), edges: s.edges.map(edgeKey) } })),
});
